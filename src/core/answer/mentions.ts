import type { SearchHit } from "../search/search-index.ts";
import type { Lexicon, Place } from "../text/lexicon.ts";
import { foldKey } from "../text/normalize.ts";

/**
 * The specific things a question names — a document ("Nghị quyết 76", "Văn bản 5894/BNV-VP"), a code, a
 * person, a province, a year, a named index — that an answer must be about. A passage that shares the
 * question's other words but not these (Quảng Bình's score for a question about Điện Biên) is not an
 * answer, however similar it reads.
 */
export interface Mention {
  kind: "document" | "code" | "person" | "place" | "year" | "index" | "ordinal";
  /** As the member wrote it, for the reply ("Nghị quyết 76"). */
  text: string;
  /** True when `words` (see `mentionText`) or `raw` (folded, punctuation kept) of a text hold it. */
  test: (text: MentionText) => boolean;
}

/** A text prepared once for all mention tests. */
export interface MentionText {
  /** Folded, punctuation kept, spaces collapsed: "van ban so 5894/bnv-vp ngay 24/11". */
  raw: string;
  /** Folded words only, padded with spaces: " van ban so 5894 bnv vp ngay 24 11 ". */
  words: string;
  /** The same words lower-cased with their accents: " văn bản số 5894 bnv vp ngày 24 11 ". */
  accented: string;
}

export function mentionText(text: string): MentionText {
  const lower = text.normalize("NFC").toLowerCase();
  const raw = foldKey(lower).replace(/\s+/g, " ");
  const words = (value: string) => ` ${value.replace(/[^\p{L}\p{N}]+/gu, " ").trim()} `;
  return { raw, words: words(raw), accented: words(lower) };
}

// Document types and the letters of their codes ("Nghị quyết số 76/NQ-CP"). A question may name the type
// more loosely than the article ("công văn 5894" for "Văn bản số 5894/BNV-VP"), so the letter-less types
// accept one another.
const DOCUMENT_TYPES: readonly { words: readonly string[]; code: string | null }[] = [
  { words: ["nghi quyet"], code: "nq" },
  { words: ["nghi dinh"], code: "nd" },
  { words: ["quyet dinh"], code: "qd" },
  { words: ["thong tu"], code: "tt" },
  { words: ["chi thi"], code: "ct" },
  { words: ["ket luan"], code: "kl" },
  { words: ["luat"], code: null },
  { words: ["de an"], code: null },
  {
    words: ["van ban", "cong van", "cong dien", "thong bao", "ke hoach", "to trinh", "bao cao", "huong dan"],
    code: null,
  },
];
const ALL_DOCUMENT_WORDS = DOCUMENT_TYPES.flatMap((type) => type.words).join("|");
// "Nghị quyết 76", "nghi quyet so 18-NQ/TW", "Quyết định số 1291/QĐ-TTg".
const DOCUMENT = new RegExp(
  String.raw`(?<![\p{L}])(${ALL_DOCUMENT_WORDS})\s+(?:so\s+)?(\d{1,5})((?:[/-][\p{L}\p{N}]+)*)`,
  "gu",
);
/** The numbers of the documents a folded text names ("nghi quyet 131 ..." → ["131"]). */
export function documentNumbers(folded: string): string[] {
  return Array.from(folded.matchAll(DOCUMENT), (match) => match[2] ?? "");
}

// A code standing alone: digits with a slash or dash and letters ("5894/BNV-VP", "40-KL/TW").
const CODE = /(?<![\p{L}\p{N}/])\d{1,5}(?:\/\d{4})?[/-]\p{L}[\p{L}\p{N}]*(?:[/-][\p{L}\p{N}]+)*/gu;
const YEAR = /(?<![\p{N}/.,-])((?:19|20)\d{2})(?![\p{N}/.,]\d)/gu;
/** Vietnamese family names: what tells a person's name from other capitalised words. */
export const FAMILY_NAMES =
  "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Trương|Đinh|Lâm|Mai|Trịnh|Đào|Cao|Lương|Tạ|Hà|Thái|Tô|Châu|Đoàn|Kiều|Lưu|Vương|Tăng|Quách|Triệu|Thân|Chu|Lại|Giang|Tống|Hứa|Khúc|Nông|Mạc";
const PERSON = new RegExp(
  String.raw`(?<![\p{L}])(?:${FAMILY_NAMES})(?:\s+\p{Lu}[\p{Ll}\p{M}]*){1,3}(?![\p{L}])`,
  "gu",
);
// Named indexes whose absence matters: a question about PAPI answered with PAR INDEX figures is wrong.
const NAMED_INDEXES: readonly { id: string; forms: readonly string[] }[] = [
  { id: "PAR INDEX", forms: ["par index", "chi so cai cach hanh chinh"] },
  { id: "SIPAS", forms: ["sipas", "chi so hai long", "su hai long"] },
  { id: "PAPI", forms: ["papi", "hieu qua quan tri va hanh chinh cong"] },
  { id: "PCI", forms: ["pci", "nang luc canh tranh"] },
  { id: "DDCI", forms: ["ddci", "nang luc canh tranh cap so", "nang luc canh tranh cap huyen"] },
  { id: "DTI", forms: ["dti", "chuyen doi so cap tinh", "chi so chuyen doi so"] },
  { id: "ICT Index", forms: ["ict index", "vietnam ict index", "san sang cho phat trien va ung dung cntt"] },
  { id: "PGI", forms: ["pgi", "quan tri xanh"] },
  { id: "PII", forms: ["pii", "doi moi sang tao cap dia phuong"] },
];

// "Phiên họp thứ năm", "lần thứ 3", "kỳ họp thứ mười": which meeting of a series. Written in figures or
// in words; the noun before "thứ" tells it from a weekday ("thứ Năm").
const ORDINAL_WORDS: Record<string, number> = {
  nhat: 1,
  mot: 1,
  hai: 2,
  ba: 3,
  tu: 4,
  bon: 4,
  nam: 5,
  sau: 6,
  bay: 7,
  tam: 8,
  chin: 9,
  muoi: 10,
};
const MEETING = "(?:phien hop|phien|ky hop|lan|hoi nghi lan)";
/** "phien hop thu nam", "lan thu 3" in folded text (global). */
export const MEETING_ORDINAL = new RegExp(
  String.raw`(?<![\p{L}])${MEETING}\s+thu\s+(\d{1,2}|${Object.keys(ORDINAL_WORDS).join("|")})(?![\p{L}\p{N}])`,
  "gu",
);
const ordinalValue = (word: string) => (/^\d+$/u.test(word) ? Number(word) : (ORDINAL_WORDS[word] ?? 0));

/** Every folded form of the named indexes ("par index", "chi so hai long", "papi"…). */
export const NAMED_INDEX_FORMS: readonly string[] = NAMED_INDEXES.flatMap((index) => index.forms);

const hasWords = (text: MentionText, words: string) => text.words.includes(` ${words} `);
// Names typed with accents are compared with accents: "Điện Biên" is not "diễn biến".
const hasName = (text: MentionText, name: { folded: string; accented: string | null }) =>
  name.accented ? text.accented.includes(` ${name.accented} `) : hasWords(text, name.folded);

/** The specific things `question` names (with or without accents; persons only when capitalised). */
export function mentionsOf(question: string, lexicon: Pick<Lexicon, "places">): Mention[] {
  const nfc = question.normalize("NFC");
  const prepared = mentionText(nfc);
  const mentions: Mention[] = [];
  const seen = new Set<string>();
  const add = (mention: Mention, key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    mentions.push(mention);
  };
  const coveredNumbers = new Set<string>();

  for (const match of prepared.raw.matchAll(DOCUMENT)) {
    const [, typeWords = "", number = "", suffix = ""] = match;
    coveredNumbers.add(number);
    const type = DOCUMENT_TYPES.find((candidate) => candidate.words.includes(typeWords));
    const words = type?.code ? type.words : DOCUMENT_TYPES.filter((t) => !t.code).flatMap((t) => t.words);
    // "Nghị định 107/2025/NĐ-CP" is not "Nghị định số 107/2021/NĐ-CP": a year given must be the same.
    const year = /^\/((?:19|20)\d{2})\b/u.exec(suffix)?.[1];
    const numbered = year ? `${number}/${year}` : number;
    const byType = new RegExp(
      String.raw`(?<![\p{L}])(?:${words.join("|")})\s+(?:so\s+)?${numbered}(?![\p{N}])`,
      "u",
    );
    const byCode = type?.code
      ? new RegExp(
          String.raw`(?<![\p{N}])${numbered}${year ? "" : String.raw`(?:/\d{4})?`}/${type.code}(?![\p{L}])`,
          "u",
        )
      : null;
    const suffixed = suffix ? `${number}${suffix}` : null;
    add(
      {
        kind: "document",
        text: originalSpan(nfc, match[0]),
        test: (text) =>
          (suffixed !== null && text.raw.includes(suffixed)) ||
          byType.test(text.raw) ||
          (byCode?.test(text.raw) ?? false),
      },
      `document:${typeWords}:${number}`,
    );
  }
  for (const match of prepared.raw.matchAll(CODE)) {
    const code = match[0];
    if (coveredNumbers.has(code.split(/[/-]/)[0] ?? "")) continue;
    add({ kind: "code", text: code.toUpperCase(), test: (text) => text.raw.includes(code) }, `code:${code}`);
  }
  for (const match of nfc.matchAll(PERSON)) {
    const { words, accented } = mentionText(match[0]);
    const name = { folded: words.trim(), accented: accented.trim() };
    // "Hà Tĩnh", "Lâm Đồng", "Cao Bằng" start with a family name and are places.
    if (lexicon.places.some((place) => place.forms.includes(name.folded))) continue;
    add({ kind: "person", text: match[0], test: (text) => hasName(text, name) }, `person:${name.folded}`);
  }
  for (const place of lexicon.places) {
    const form = place.forms.find((candidate) => hasWords(prepared, candidate));
    if (!form) continue;
    // The member's spelling, with accents if typed with them: then the article must have the same.
    const start = prepared.words.indexOf(` ${form} `);
    const typed = prepared.accented.slice(start + 1, start + 1 + form.length);
    const name = { folded: form, accented: typed === form ? null : typed };
    const others = place.forms.filter((f) => f !== form);
    add(
      {
        kind: "place",
        text: place.name,
        test: (text) =>
          hasName(text, name) || others.some((f) => hasName(text, { folded: f, accented: null })),
      },
      `place:${place.name}`,
    );
  }
  for (const index of NAMED_INDEXES) {
    if (!index.forms.some((form) => hasWords(prepared, form))) continue;
    add(
      { kind: "index", text: index.id, test: (text) => index.forms.some((form) => hasWords(text, form)) },
      `index:${index.id}`,
    );
  }
  for (const match of prepared.words.matchAll(MEETING_ORDINAL)) {
    const value = ordinalValue(match[1] ?? "");
    if (value === 0) continue;
    add(
      {
        kind: "ordinal",
        text: originalSpan(nfc, match[0].trim()),
        test: (text) =>
          [...text.words.matchAll(MEETING_ORDINAL)].some((found) => ordinalValue(found[1] ?? "") === value),
      },
      `ordinal:${value}`,
    );
  }
  for (const match of prepared.raw.matchAll(YEAR)) {
    const year = match[1] ?? "";
    // The year as a year ("năm 2024", "DDCI 2024"), not inside a date ("26/3/2024" dates the publication
    // of 2023's results): an article about 2023 published in 2024 does not hold "2024".
    // A range ("giai đoạn 2011-2020") holds both of its years.
    const pattern = new RegExp(String.raw`(?<![\p{N}/.])(?<!\d{1,2}-\d{1,2}-)${year}(?![\p{N}])`, "u");
    add({ kind: "year", text: year, test: (text) => pattern.test(text.raw) }, `year:${year}`);
  }
  return mentions;
}

// The member's own spelling of a span found in the folded question (same length: folding keeps length
// for Vietnamese letters in NFC).
function originalSpan(question: string, foldedSpan: string): string {
  const at = foldKey(question).replace(/\s+/g, " ").indexOf(foldedSpan);
  const spaced = question.replace(/\s+/g, " ");
  return at >= 0 ? spaced.slice(at, at + foldedSpan.length) : foldedSpan;
}

// "so với năm 2022", "so với cùng kỳ năm 2022": a baseline, not the year a figure is stated for.
const COMPARED_YEAR = /so voi (?:cung ky )?(?:nam )?((?:19|20)\d{2})/gu;

/**
 * The question's year and index mentions that a sentence contradicts: it states a figure for another year
 * (not as a comparison) and not for the asked one, or names another index and not the asked one. A
 * sentence that names no year or index contradicts nothing.
 */
/** Years that `text` names as a baseline ("tăng … so với năm 2022"). */
export function comparedYears(text: string): Set<string> {
  return new Set([...mentionText(text).raw.matchAll(COMPARED_YEAR)].map((match) => match[1] ?? ""));
}

export function contradictedFigureMentions(
  mentions: readonly Mention[],
  sentence: string,
  places: readonly Place[] = [],
): Mention[] {
  const text = mentionText(sentence);
  // "Sau sắp xếp, Hà Tĩnh còn 69 đơn vị": a figure stated for another province answers nothing about
  // Nghệ An, even in an article that mentions Nghệ An somewhere.
  const otherPlace = (asked: Mention) =>
    !asked.test(text) && placesIn(text, places).some((place) => place.name !== asked.text);
  const compared = comparedYears(sentence);
  const years = [...text.raw.matchAll(YEAR)]
    .map((match) => match[1] ?? "")
    .filter((year) => !compared.has(year));
  const indexes = NAMED_INDEXES.filter((index) => index.forms.some((form) => hasWords(text, form)));
  return mentions.filter((mention) => {
    if (mention.kind === "year") return years.length > 0 && !years.includes(mention.text);
    if (mention.kind === "index")
      return indexes.length > 0 && !indexes.some((index) => index.id === mention.text);
    if (mention.kind === "place") return otherPlace(mention);
    return false;
  });
}

/** The places of `places` that `text` names (as words, accents folded). */
export function placesIn(text: MentionText, places: readonly Place[]): Place[] {
  return places.filter((place) => place.forms.some((form) => hasWords(text, form)));
}

export interface MentionScope {
  mentions: Mention[];
  /** Mentions that no article among the hits holds (together with the others, see `scopeToMentions`). */
  missing: Mention[];
  /** The hits whose articles hold the mentions, in their order. */
  hits: SearchHit[];
}

/**
 * Keeps the hits whose article holds every mention of the question. A question in two parts ("… Quảng
 * Bình và … Hà Tĩnh") may find its mentions in different articles: then each part's article is kept. When
 * some mention is in none of the articles, it is missing and the question is not answered from these hits.
 */
export function scopeToMentions(
  question: string,
  hits: readonly SearchHit[],
  articleText: (articleId: string) => string | null,
  lexicon: Pick<Lexicon, "places">,
): MentionScope {
  const mentions = mentionsOf(question, lexicon);
  if (mentions.length === 0) return { mentions, missing: [], hits: [...hits] };
  const held = new Map<string, Set<Mention>>();
  for (const hit of hits) {
    if (held.has(hit.articleId)) continue;
    const text = mentionText(`${hit.title}\n${articleText(hit.articleId) ?? hit.text}`);
    held.set(hit.articleId, new Set(mentions.filter((mention) => mention.test(text))));
  }
  const complete = hits.filter((hit) => held.get(hit.articleId)?.size === mentions.length);
  if (complete.length > 0) return { mentions, missing: [], hits: complete };
  const missing = mentions.filter((mention) => ![...held.values()].some((set) => set.has(mention)));
  if (missing.length > 0 || !isTwoPart(question)) {
    // Every mention is somewhere, never together: the best article shows which ones it lacks.
    const best = [...held.values()].reduce((a, b) => (b.size > a.size ? b : a), new Set<Mention>());
    return {
      mentions,
      missing: missing.length > 0 ? missing : mentions.filter((m) => !best.has(m)),
      hits: [],
    };
  }
  return { mentions, missing: [], hits: hits.filter((hit) => (held.get(hit.articleId)?.size ?? 0) > 0) };
}

/** "… và …", "…; …", "…, còn …": a question that asks two things, possibly of two articles. */
export function isTwoPart(question: string): boolean {
  return /\s(?:va|and|con|cung nhu|voi)\s|[;]/u.test(foldKey(question));
}
