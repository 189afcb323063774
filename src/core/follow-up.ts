import { MEETING_ORDINAL, NAMED_INDEX_FORMS } from "./answer/mentions.ts";
import type { Turn } from "./conversation.ts";
import type { Place } from "./text/lexicon.ts";
import { foldDiacritics, foldKey } from "./text/normalize.ts";

// Words that make a question lean on the previous one, as typed with accents: "còn năm 2022 thì sao?",
// "vậy ai chủ trì?", "số đó", "hội nghị này". Without their accents most of them are other words ("nay",
// "do", "ho", "con"), so a question typed without accents leans only on unambiguous phrases.
const LEANING_ACCENTED =
  /(?:^|\s)(?:còn|vậy|thế còn|thì sao|thế thì|đó|này|ấy|kia|họ|nó|what about|how about)(?=\s|[?.!,]|$)/iu;
const LEANING_UNACCENTED =
  /^(?:con|the con|vay|what about|how about|and)\s|\b(?:thi sao|the thi sao|con thi sao)\b|\b(?:so|con so|tinh|nam|hoi nghi|van ban|chi so|nguoi|ong|ba|don vi|dia phuong) (?:do|nay|ay)\b/iu;

// A noun with a demonstrative ("tỉnh đó", "văn bản ấy", "ông ấy") points back at what the previous turn
// named: such a question cannot stand on its own, however many words of its own it has. Time words are not
// in the lists: "tuần này", "năm nay" point at the calendar, not at the conversation. Typed without
// accents, nouns that fold into other words ("sở"/"số", "bộ", "phường"/"phương", "xã"/"xa") are left out.
const NAMED_NOUNS = [
  "tỉnh",
  "huyện",
  "xã",
  "phường",
  "thành phố",
  "sở",
  "bộ",
  "đơn vị",
  "địa phương",
  "cơ quan",
  "văn bản",
  "kế hoạch",
  "quyết định",
  "nghị quyết",
  "đề án",
];
const PERSON_NOUNS = ["người", "ông", "bà"];
const THING_NOUNS = ["hội nghị", "phiên họp", "chỉ số"];
const AMBIGUOUS_FOLDED = new Set(["so", "bo", "phuong", "xa"]);
const referringPattern = (nouns: readonly string[], demonstratives: string) =>
  new RegExp(`(?:^|\\s)(?:${nouns.join("|")}) (?:${demonstratives})(?=\\s|[?.!,]|$)`, "iu");
const referring = (nouns: readonly string[]) => ({
  accented: referringPattern(nouns, "đó|này|ấy|kia|nói trên"),
  folded: referringPattern(
    nouns.map(foldKey).filter((noun) => !AMBIGUOUS_FOLDED.has(noun)),
    "do|ay|kia|noi tren",
  ),
});
const REFERS_TO_NAMED = referring(NAMED_NOUNS);
const REFERS_AT_ALL = referring([...NAMED_NOUNS, ...PERSON_NOUNS, ...THING_NOUNS]);

function matches(question: string, pattern: { accented: RegExp; folded: RegExp }): boolean {
  const text = question.normalize("NFC").toLowerCase();
  return foldDiacritics(text) !== text ? pattern.accented.test(text) : pattern.folded.test(text);
}

/** Whether a question points back at what the previous turn named ("tỉnh đó", "văn bản này", "ông ấy"). */
export const refersBack = (question: string) => matches(question, REFERS_AT_ALL);

/** Whether a question leans on the previous turn with words like "còn … thì sao", "đó", "này". */
export function leansOnPrevious(question: string): boolean {
  const text = question
    .normalize("NFC")
    .toLowerCase()
    .replace(/[?.!,;:]/g, " ");
  const typedWithAccents = foldDiacritics(text) !== text;
  return typedWithAccents ? LEANING_ACCENTED.test(text) : LEANING_UNACCENTED.test(` ${text.trim()} `.trim());
}

const DOCUMENT_REFERENCE =
  /\b(?:nghi quyet|quyet dinh|chi thi|ket luan|thong tu|nghi dinh|van ban|cong van|ke hoach|de an|luat|thong bao|resolution|decree|decision)\s+(?:so\s+|no\.?\s*)?\d+/iu;

/**
 * Whether a question names something specific of its own — a document ("Nghị quyết 76", "5894/BNV-VP"),
 * a name ("Điện Biên", "Phạm Thị Thanh Trà"), an acronym ("VNeID") — and so starts a new subject.
 */
export function namesEntity(question: string): boolean {
  return (
    DOCUMENT_REFERENCE.test(foldKey(question)) ||
    /\d+\/[\p{L}]/u.test(question) ||
    /\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+)+/u.test(question) ||
    /(?<![\p{L}])\p{L}*\p{Lu}\p{L}*\p{Lu}\p{L}*/u.test(question)
  );
}

/** What decides whether a question continues the previous turn. */
export interface FollowUpSignals {
  /** The member replied to a specific answer (Telegram): always a follow-up. */
  explicit: boolean;
  leans: boolean;
  /** Points back with a noun and a demonstrative ("tỉnh đó"): always continues the previous turn. */
  refersBack: boolean;
  namesEntity: boolean;
  /** Content words of the question (stop words and question phrases left out). */
  contentWords: number;
  /** Relevance of the library's best passages to the question alone (see relevanceOf). */
  ownRelevance: number;
  minRelevance: number;
  /** Share of the question's content words that occur anywhere in the library. */
  knownShare: number;
  /** Content words other than the leaning ones ("ấy", "đó", "còn"…). */
  ownWords: number;
  /** Share of those words' syllable pairs ("thời tiết", "cuối tuần") that occur in the library. */
  knownPairShare: number;
  /** The question names no place, year or document, and the previous turn did. */
  unanchored?: boolean;
}

/** Leaning words as folded syllables: they refer to the previous turn, they say nothing of their own. */
export const LEANING_SYLLABLES: ReadonlySet<string> = new Set([
  "con",
  "vay",
  "the",
  "thi",
  "sao",
  "do",
  "nay",
  "ay",
  "kia",
  "ho",
  "no",
]);

const MIN_KNOWN_PAIRS = 0.25;
// A question of up to this many content syllables that names nothing of its own continues a turn that did.
const MAX_UNANCHORED_WORDS = 4;

/**
 * Merge with the previous turn only when the question cannot stand on its own: it leans on it, or it is
 * an ellipsis ("ai chủ trì?", "bao nhiêu điểm?") that its own words do not answer. Never when the question
 * is about something the library never mentions (the price of gold) or names a new subject.
 */
export function shouldMergeWithPrevious(signals: FollowUpSignals): boolean {
  if (signals.explicit) return true;
  if (signals.knownShare < 0.5) return false;
  if (signals.refersBack) return true;
  // "Dự báo thời tiết cuối tuần này thế nào?": "này" leans, but a question with words of its own, most of
  // which the library never uses, is a new subject.
  if (signals.leans) return signals.ownWords <= 3 || signals.knownPairShare >= MIN_KNOWN_PAIRS;
  if (signals.namesEntity) return false;
  if (signals.contentWords <= 2) return true;
  // Its own two-syllable words must be the library's: "công thức pha cà phê muối" names nothing and is
  // still not a follow-up.
  if (
    signals.unanchored &&
    signals.contentWords <= MAX_UNANCHORED_WORDS &&
    signals.knownPairShare >= MIN_KNOWN_PAIRS
  )
    return true;
  return signals.contentWords <= 3 && signals.ownRelevance < signals.minRelevance;
}

/**
 * The deterministic rewrite: the new question plus the previous query, where numbers of the new question
 * (a year, a date) replace those of the previous one. "còn năm 2022 thì sao?" after "PAR INDEX 2023 của
 * Quảng Bình" searches "còn năm 2022 thì sao? PAR INDEX của Quảng Bình".
 */
export function rewriteFollowUpByRule(
  question: string,
  previous: Turn,
  places: readonly Place[] = [],
): string {
  // "Thế PCI 2024 của tỉnh đó …" asks a new thing of what the previous turn named: only the names go along
  // (the previous topic, "tài khoản định danh", would outweigh the new one).
  if (matches(question, REFERS_TO_NAMED)) {
    const names = [...new Set(previous.query.normalize("NFC").match(NAMED) ?? [])];
    if (names.length > 0) return `${question.trim()} ${names.join(" ")}`.slice(0, 1000);
  }
  const hasNumber = /\d/.test(question);
  let carried = hasNumber ? previous.query.replace(/\b\d[\d.,/]*\b/g, " ") : previous.query;
  // "còn phiên thứ 3 …" after "Phiên họp thứ tư …": the new ordinal replaces the old one, as a number does;
  // "còn Đồng Tháp thì sao" after a question about Lào Cai, the new place; "còn PAR INDEX?" after a
  // question about SIPAS, the new index.
  const placePatterns = places.flatMap((place) => place.forms).map(formPattern);
  for (const patterns of [[MEETING_ORDINAL], placePatterns, INDEX_PATTERNS])
    if (spansOf(question, patterns).length > 0) carried = withoutSpans(carried, spansOf(carried, patterns));
  return `${question.trim()} ${carried.replace(/\s+/g, " ").trim()}`.slice(0, 1000);
}

// A folded form as a whole word sequence, however it is spaced.
const formPattern = (form: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])${form.replace(/\s+/g, "\\s+")}(?![\\p{L}\\p{N}])`, "gu");
const INDEX_PATTERNS = NAMED_INDEX_FORMS.map(formPattern);

// Where the (global, folded) `patterns` match `text` (folding keeps the length of Vietnamese NFC text).
function spansOf(text: string, patterns: readonly RegExp[]): [number, number][] {
  const folded = foldKey(text.normalize("NFC"));
  return patterns.flatMap((pattern) =>
    [...folded.matchAll(pattern)].map((match): [number, number] => [
      match.index,
      match.index + match[0].length,
    ]),
  );
}

function withoutSpans(text: string, spans: readonly [number, number][]): string {
  const nfc = text.normalize("NFC");
  let result = "";
  let at = 0;
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    result += `${nfc.slice(at, start)} `;
    at = end;
  }
  return result + nfc.slice(at);
}

// What "tỉnh đó", "văn bản ấy" can point at: a proper name ("Tây Ninh", "Bộ Y tế") or a document number.
const NAMED = /\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+)+|\d+\/[\p{L}\p{N}Đđ/-]+/gu;

/** The previous turns as text for the rewrite prompt. */
export function historyText(turns: readonly Turn[]): string {
  return turns.map((turn) => `Hỏi: ${turn.question}\nĐáp: ${turn.answer.slice(0, 400)}`).join("\n\n");
}
