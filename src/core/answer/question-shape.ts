import { foldKey } from "../text/normalize.ts";
import { escapeRegExp } from "../text/regexp.ts";
import { documentNumbers, FAMILY_NAMES } from "./mentions.ts";

/**
 * What kind of answer a question wants. Vietnamese questions say it with a question word: "bao nhiêu
 * điểm" wants a number in points, "ai" a person, "khi nào"/"ngày nào" a date.
 */
export interface QuestionShape {
  /**
   * Asks for a quantity; `unit` is what it counts in ("diem" for "bao nhiêu điểm"), if said; `change` the
   * verb that says which number of a change is asked ("còn bao nhiêu": what remains, not how much fell).
   */
  quantity: { unit: string | null; change: string | null } | null;
  person: boolean;
  date: boolean;
  /** Asks which document or what number/code ("văn bản số mấy", "theo kết luận nào"). */
  document: boolean;
  /**
   * Asks which one of a kind ("đơn vị nào dẫn đầu", "xã nào cao nhất", "chỉ số thành phần nào giảm"): the
   * folded kind, answered by a name.
   */
  which: string | null;
}

// Folded question words: "bao nhiêu X" and "mấy X" put the unit after; "thứ mấy", "hạng mấy" before.
const UNIT_AFTER = /\b(?:bao nhieu|may|how many|how much)\s+([a-z]+(?:\s+[a-z]+)?)/u;
const UNIT_BEFORE = /\b([a-z]+)\s+may\b/u;
// "còn / giảm / tăng bao nhiêu": which side of a change the question wants.
const CHANGE_BEFORE = /\b(con|giam|tang)\s+(?:bao nhieu|may)\b/u;
const QUANTITY = /\b(?:bao nhieu|bao lau|may|how many|how much|how long|ty le|so luong|phan tram)\b/u;
const PERSON = /(?:^|\s)(?:ai|who)(?:\s|$)/u;
// "Phó Chủ tịch UBND tỉnh nào …", "Giám đốc sở nào …": a role of some unit, so a person is asked for.
const ROLE_WHICH =
  /\b(?:chu tich|giam doc|truong ban|bo truong|thu truong|bi thu|lanh dao|truong phong)\b(?:\s+\S+){0,3}\s+nao\b/u;
const DOCUMENT_ASKED =
  /\b(?:so may|so hieu|ky hieu|ma so|(?:van ban|cong van|nghi quyet|nghi dinh|quyet dinh|ket luan|chi thi|thong tu|ke hoach|de an)(?: so)? nao|theo (?:\S+ ){0,4}nao|which (?:document|decision|resolution|decree))\b/u;
// A document's number with its letters: "5894/BNV-VP", "40-KL/TW", "118/2025/NĐ-CP".
const CODE_IN_TEXT = /\b\d{1,5}(?:\/\d{4})?[/-][a-z][a-z0-9]*(?:[/-][a-z0-9]+)*/u;
// "<kind> nào": the kinds of thing a committee asks to be named (documents and dates have their own shapes).
// Read with accents when the question has them: folded, "tiêu cực nào" would ask which "cục".
const WHICH_KINDS = [
  "đơn vị",
  "sở",
  "xã",
  "phường",
  "huyện",
  "tỉnh",
  "thành phố",
  "thị xã",
  "địa phương",
  "cơ quan",
  "bộ",
  "ngành",
  "cục",
  "chỉ số thành phần",
  "chỉ số",
  "lĩnh vực",
  "khâu",
  "tiêu chí",
  "nội dung",
  "trung tâm",
  "khối",
  "yếu tố",
  "nhóm",
];
const whichPattern = (kinds: readonly string[], which: string) =>
  new RegExp(`(?<![\\p{L}\\p{M}])(${kinds.join("|")})\\s+${which}(?![\\p{L}\\p{M}])`, "u");
const WHICH_ACCENTED = whichPattern(WHICH_KINDS, "nào");
const WHICH_FOLDED = whichPattern(WHICH_KINDS.map(foldKey), "nao");
const WHICH_ENGLISH =
  /\bwhich\s+(unit|province|department|district|commune|agency|component|indicator|criterion|field|stage)\b/iu;
const DATE = /\b(?:khi nao|ngay nao|bao gio|thoi diem nao|thang nao|nam nao|luc nao|when|what date)\b/u;
// Words that may follow "bao nhiêu" without being a unit.
const NOT_UNITS = new Set([
  "la",
  "thi",
  "vay",
  "nhi",
  "the",
  "roi",
  "a",
  "ve",
  "cua",
  "trong",
  "nam",
  "duoc",
  "de",
  "so",
]);

const NUMBER = String.raw`\d(?:[\d.,/]*\d)?`;
// A person's name: a common Vietnamese family name and one to three more capitalised syllables
// ("Nguyễn Xuân Phúc", "Trần Thắng"); organisations ("Ban Chỉ đạo") are capitalised too, so the family
// name is what tells a person.
// The list is the mentions' one; this pattern also had "Văn", kept so that answers do not change.
const NAME = new RegExp(`(?:^|[^\\p{L}])(?:${FAMILY_NAMES}|Văn)(?:\\s+\\p{Lu}[\\p{Ll}\\p{M}]+){1,3}`, "u");
const DATE_IN_TEXT = /\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b|\bthang \d{1,2}\b|\bquy [ivx1-4]+\b|\bnam \d{4}\b/gu;
const datesIn = (folded: string): string[] => Array.from(folded.matchAll(DATE_IN_TEXT), (match) => match[0]);

/** Reads the question words of a question (with or without accents, or English). */
export function questionShape(question: string): QuestionShape {
  const folded = foldKey(question)
    .replace(/[^\p{L}\p{N}%\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  let quantity: QuestionShape["quantity"] = null;
  if (QUANTITY.test(folded)) {
    const after = UNIT_AFTER.exec(folded)?.[1]?.split(" ");
    const before = UNIT_BEFORE.exec(folded)?.[1];
    const change = CHANGE_BEFORE.exec(folded)?.[1] ?? null;
    if (after?.[0] && !NOT_UNITS.has(after[0]))
      quantity = { unit: after[0] === "phan" && after[1] === "tram" ? "phan tram" : after[0], change };
    else if (before && !NOT_UNITS.has(before)) quantity = { unit: before, change };
    // "Tỷ lệ … ?" without a unit asks for a rate: a percentage.
    else quantity = { unit: /\b(?:ty le|phan tram)\b/u.test(folded) ? "phan tram" : null, change };
  }
  return {
    quantity,
    person: PERSON.test(folded) || ROLE_WHICH.test(folded),
    date: DATE.test(folded),
    document: DOCUMENT_ASKED.test(folded),
    which: ROLE_WHICH.test(folded) ? null : whichKind(question),
  };
}

function whichKind(question: string): string | null {
  const lower = question.normalize("NFC").toLowerCase();
  const accented = foldKey(lower) !== lower;
  const kind = (accented ? WHICH_ACCENTED : WHICH_FOLDED).exec(accented ? lower : foldKey(lower))?.[1];
  return kind ? foldKey(kind) : (WHICH_ENGLISH.exec(question)?.[1] ?? null);
}

/**
 * Whether a sentence names something the question does not: a capitalised name inside it ("… trong khi
 * Cạnh tranh bình đẳng là chỉ số duy nhất giảm điểm", "Thị xã Quảng Yên"), not a person's, or a table
 * cell under a column of the asked kind ("Chỉ số thành phần: Cạnh tranh bình đẳng").
 */
function namesAnotherOne(sentence: string, question: string, kind: string): boolean {
  const asked = foldKey(question);
  const cell = new RegExp(`(?:^|· |; |: )([^:·;]*\\b${kind}\\b[^:·;]*): ([^·;]+)`, "u");
  const column = cell.exec(foldKey(sentence));
  if (column?.[2] && /\p{L}/u.test(column[2]) && !asked.includes(column[2].trim())) return true;
  const text = sentence.normalize("NFC");
  const subject = SUBJECT_NAME.exec(text)?.[0];
  const names = [...text.matchAll(INNER_NAME)].map((match) => ({ name: match[0], at: match.index }));
  // "Kết quả Chỉ số …" is a sentence opening on a generic term; "Thanh tra Bộ …" opens on a name.
  if (subject) names.unshift({ name: subject, at: subject.search(/\s\p{Lu}/u) + 1 });
  for (const { name, at } of names) {
    if (NAME.test(` ${name}`) || asked.includes(foldKey(name))) continue;
    // "Quyết định số 612": the words after a capital say whether it opens a generic term.
    if (GENERIC_CAPITALISED.test(foldKey(text.slice(at)))) continue;
    return true;
  }
  return false;
}

// Official style capitalises document kinds, titles and bodies ("ban hành Quyết định số 612", "Phó Chủ tịch",
// "Hội đồng thẩm định"): those open no name of their own.
const GENERIC_CAPITALISED =
  /^(?:quyet dinh|nghi quyet|nghi dinh|ke hoach|thong tu|chi thi|cong van|thong bao|chi so|bo chi so|chu tich|pho|bo truong|thu truong|thu tuong|giam doc|truong ban|chanh van phong|hoi dong|hoi nghi|ban chi dao|ban thuong vu|lanh dao|dong chi|ong|ba)\b/u;
// At the start of a sentence a capital is only the sentence's: a name there capitalises another syllable
// within its first three ("Thanh tra Bộ tăng cường…", "Sở Tư pháp dẫn đầu…", "Văn phòng Bộ").
const SUBJECT_NAME = /^\p{Lu}[\p{Ll}\p{M}]+(?:\s+[\p{Ll}\p{M}]+){0,2}\s+\p{Lu}[\p{Ll}\p{M}]+/u;
// A capitalised syllable after a lower-case word or a comma (not the sentence's first word), with any
// capitalised syllables that follow: a name the sentence gives.
const INNER_NAME = /(?<=[\p{Ll}\p{M},]\s)\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+)*/gu;

/**
 * How well a sentence has the kind of answer asked for: 2 when it states it directly (a number in the
 * asked unit, a name, a date), 1 for weaker evidence (some number the question does not contain), else 0.
 */
export function answerEvidence(sentence: string, question: string, shape: QuestionShape): 0 | 1 | 2 {
  const folded = foldKey(sentence);
  if (shape.person && NAME.test(sentence)) return 2;
  if (shape.date) {
    // The date asked for is one the question does not already state ("kế hoạch năm 2023 … trước ngày
    // nào?"), as precise as asked: "ngày nào" wants a day, a year alone is weaker evidence.
    const asked = foldKey(question);
    const known = new Set(datesIn(asked));
    const fresh = datesIn(folded).filter((date) => !known.has(date));
    const wantsDay = /\b(?:ngay nao|what date)\b/u.test(asked);
    // The date is the one attached to what the question attaches it to: a deadline ("trước ngày nào",
    // "chậm nhất") to "trước / chậm nhất / hạn", a document ("nghị quyết 131 … ngày nào") to its number.
    const anchors = dateAnchors(asked);
    const attached = (date: string) =>
      anchors.length === 0 ||
      anchors.some((anchor) =>
        // Within a few words, and with no other document's number in between.
        new RegExp(`\\b${anchor}\\b(?:(?!\\d{1,5}\\/[a-z])[^.;]){0,40}?${escapeRegExp(date)}`, "u").test(
          folded,
        ),
      );
    if (fresh.some((date) => (!wantsDay || /\//u.test(date)) && attached(date))) return 2;
    if (fresh.length > 0) return 1;
  }
  if (shape.document && CODE_IN_TEXT.test(folded)) return 2;
  if (shape.which && namesAnotherOne(sentence, question, shape.which)) return 2;
  if (!shape.quantity) return 0;
  const unit = shape.quantity.unit;
  if (unit) {
    const unitPattern = unit === "phan tram" ? "(?:%|phan tram)" : String.raw`${unit}\b`;
    // "6 triệu tài khoản", "2,2 nghìn quy định": a magnitude word may stand between number and unit.
    const magnitude = String.raw`(?:\s+(?:nghin|ngan|trieu|ty|ti|tram|chuc|van))?`;
    const inUnit = `${NUMBER}${magnitude}\\s*${unitPattern}`;
    // "còn bao nhiêu phòng" is stated by "(xuống) còn 66 phòng", not by "giảm 18 phòng" beside it.
    const change = shape.quantity.change;
    if (change && new RegExp(`\\b${inUnit}`, "u").test(folded))
      return new RegExp(`\\b${change}\\s+${inUnit}`, "u").test(folded) ? 2 : 1;
    if (new RegExp(`${inUnit}|\\b${unit}\\s+${NUMBER}`, "u").test(folded)) return 2;
  }
  const asked = new Set(foldKey(question).match(new RegExp(NUMBER, "gu")) ?? []);
  const stated = folded.match(new RegExp(NUMBER, "gu")) ?? [];
  // A year is when, not how many ("giai đoạn 2021-2030" answers no "bao nhiêu"), unless years are counted.
  const counts = (value: string) => unit === "nam" || !/^(?:19|20)\d\d$/u.test(value);
  return stated.some((value) => !asked.has(value) && counts(value)) ? 1 : 0;
}

/**
 * Whether one word of a sentence is the kind of thing asked for: a number for "bao nhiêu", a name's
 * syllable for "ai", a date for "khi nào", a document code for "văn bản nào". Used to keep that word when a
 * long sentence is shortened.
 */
export function isAskedWord(word: string, shape: QuestionShape): boolean {
  const folded = foldKey(word);
  if (shape.quantity && /\d/u.test(folded)) return true;
  // "ngày 12/5/2020", "tháng 11/2022", "quý I năm 2023": the date with the words that say what it is.
  if (shape.date && (/\d/u.test(folded) || /^(?:ngay|thang|quy|nam|i|ii|iii|iv)\W*$/u.test(folded)))
    return true;
  if (shape.document && CODE_IN_TEXT.test(folded)) return true;
  if (shape.person && /^\p{Lu}[\p{Ll}\p{M}]+/u.test(word.normalize("NFC"))) return true;
  return false;
}

// A proper name in a question: two or more capitalised syllables in a row ("Đà Nẵng", "Bộ Nội vụ"),
// not all capitals (those are abbreviations, handled by the lexicon).
const ENTITY = /\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+)+/gu;

/** Proper names in the question, folded ("da nang"): an answer must come from a passage that names them. */
export function namedEntities(question: string): string[] {
  return [...question.normalize("NFC").matchAll(ENTITY)].map((match) =>
    foldKey(match[0]).replace(/\s+/g, " "),
  );
}

// Role titles that a "phó" (deputy) turns into another role: "Phó trưởng ban" does not answer "trưởng ban".
const ROLES = ["truong", "giam doc", "chu tich", "bi thu"];
const deputyOf = (role: string) => new RegExp(`\\bpho ${role}\\b`, "gu");
const bareRole = (text: string, role: string) =>
  new RegExp(`\\b${role}\\b`, "u").test(text.replace(deputyOf(role), " "));

/**
 * Whether a sentence holds a role the question asks about only as its deputy ("ai là trưởng ban" against
 * "…, Phó trưởng ban"), which makes it the wrong person's sentence.
 */
export function onlyDeputyOfAskedRole(sentence: string, question: string): boolean {
  const asked = foldKey(question);
  const stated = foldKey(sentence);
  return ROLES.some((role) => {
    if (!bareRole(asked, role)) return false;
    // The office as asked, with its body and level: "chủ tịch UBND tỉnh" is not "Chủ tịch UBND các huyện".
    const office =
      new RegExp(`\\b${role}${OFFICE_OF}`, "u").exec(asked.replace(deputyOf(role), " "))?.[0] ?? role;
    return !bareRole(stated, office) && deputyOf(office).test(stated);
  });
}

/** Whether a question asks who holds a role ("Trưởng BCĐ … là ai") that a sentence does not name at all. */
export function lacksAskedRole(sentence: string, question: string): boolean {
  const asked = foldKey(question);
  const stated = foldKey(sentence);
  return ROLES.some((role) => bareRole(asked, role) && !new RegExp(`\\b${role}\\b`, "u").test(stated));
}

const OFFICE_OF =
  "(?: (?:ubnd|hdnd|uy ban nhan dan|hoi dong nhan dan))?(?: (?:tinh|huyen|xa|thanh pho|quan|phuong))?";

// "trước sắp xếp" and "sau sắp xếp" are opposite states of the same thing; a sentence that states only the
// other one answers another question.
const OPPOSITE = { truoc: "sau", sau: "truoc" } as const;
const STATE = /\b(truoc|sau) (sap xep|sap nhap|hop nhat|sat nhap|dieu chinh|tinh gian)\b/gu;

/** Whether a sentence speaks only of the opposite state ("sau sắp xếp") of the one asked ("trước sắp xếp"). */
export function onlyOppositeState(sentence: string, question: string): boolean {
  const stated = foldKey(sentence);
  return [...foldKey(question).matchAll(STATE)].some(([asked, when, what]) => {
    const opposite = `${OPPOSITE[when as keyof typeof OPPOSITE]} ${what}`;
    return stated.includes(opposite) && !stated.includes(asked);
  });
}

// What a date question ties its date to (folded): deadline words, or the number of a named document.
const DEADLINE_ASKED =
  /\b(?:truoc ngay nao|truoc thoi diem nao|truoc khi nao|cham nhat (?:la )?(?:ngay nao|khi nao)|han chot|thoi han|deadline)\b/u;
function dateAnchors(asked: string): string[] {
  // A document named by its type and number ("nghị quyết 131") or by its code alone ("NQ 131/NQ-CP").
  const codes = [...asked.matchAll(new RegExp(CODE_IN_TEXT.source, "gu"))].map(
    (match) => /^\d+/u.exec(match[0])?.[0] ?? "",
  );
  const anchors = [...new Set([...documentNumbers(asked), ...codes.filter(Boolean)])];
  if (DEADLINE_ASKED.test(asked)) anchors.push("(?:truoc|cham nhat|han|thoi han)");
  return anchors;
}
