import { foldKey } from "../text/normalize.ts";
import type { Answer, AnswerPart, Citation } from "./answer.ts";

// Question words: a side of "… và …" that has one asks a question of its own. Matched as written when
// the question has diacritics — folded, "đầu" (beginning) would read as "đâu" (where) and "máy" as "mấy".
const QUESTION_WORDS = [
  "ai",
  "bao nhiêu",
  "mấy",
  "nào",
  "gì",
  "đâu",
  "khi nào",
  "bao giờ",
  "thế nào",
  "ra sao",
  "who",
  "what",
  "which",
  "when",
  "where",
  "how many",
  "how much",
];
const questionWordPattern = (words: readonly string[]) =>
  new RegExp(`(?:^|\\s)(?:${words.join("|")})(?=\\s|[?.!,]|$)`, "u");
const QUESTION_WORD_ACCENTED = questionWordPattern(QUESTION_WORDS);
const QUESTION_WORD_FOLDED = questionWordPattern(QUESTION_WORDS.map(foldKey));
const asksSomething = (side: string, accented: boolean) =>
  accented ? QUESTION_WORD_ACCENTED.test(side.toLowerCase()) : QUESTION_WORD_FOLDED.test(foldKey(side));
// Where two questions are joined: "…, và …", "…, còn …", "…; …", "… and …".
const JOINER = /\s*(?:,\s*|\s)(?:và|còn|va|con|and)\s+|\s*;\s*/giu;

/**
 * The two questions of a question that asks two things ("Ai chủ trì hội nghị ở Quảng Bình và ai chủ trì
 * phiên họp của Chính phủ?"), or the question alone. Only a join with a question word on both sides
 * splits: "cải cách hành chính và chuyển đổi số đạt bao nhiêu" is one question.
 */
export function splitTwoPart(question: string): string[] {
  const text = question.normalize("NFC").trim();
  const accented = foldKey(text) !== text.toLowerCase();
  for (const match of text.matchAll(JOINER)) {
    const at = match.index ?? 0;
    const first = text.slice(0, at).trim();
    const second = text.slice(at + match[0].length).trim();
    if (first.split(/\s+/).length < 3 || second.split(/\s+/).length < 3) continue;
    if (asksSomething(first, accented) && asksSomething(second, accented))
      return [first.replace(/[,;]+$/u, ""), second];
  }
  return splitParallel(text, accented) ?? [text];
}

/**
 * One question asked of two things joined by "và" that start with the same word ("PAR INDEX 2023 của
 * Quảng Bình và của Đắk Nông xếp thứ mấy?", "… năm 2023 và năm 2024 lần lượt được bao nhiêu điểm?"): the
 * question once for each, so that each finds its own article. The second item is as long as the first
 * when the question goes on after it; otherwise it runs to the end.
 */
function splitParallel(text: string, accented: boolean): string[] | null {
  const join = / (?:và|va|and) /iu.exec(text);
  if (!join || join.index === undefined || / (?:và|va|and) /iu.test(text.slice(join.index + 1))) return null;
  const before = text.slice(0, join.index).split(/\s+/);
  const after = text.slice(join.index + join[0].length).split(/\s+/);
  const head = after[0]?.toLowerCase();
  if (!head || !/\p{L}|\d/u.test(head)) return null;
  const at = before.map((word) => word.toLowerCase()).lastIndexOf(head);
  if (at < 0 || before.length - at > MAX_ITEM_WORDS) return null;
  const first = before.slice(at);
  const restAfter = after.slice(first.length).join(" ");
  const second = asksSomething(restAfter, accented) ? after.slice(0, first.length) : after;
  const prefix = before.slice(0, at).join(" ");
  const suffix = after.slice(second.length).join(" ");
  // With nothing before the two items, they are the subjects of one question, not one question twice.
  if (!prefix) return null;
  // A question, or a request to compare ("So sánh PAR INDEX 2023 của Quảng Bình và Quảng Ngãi").
  const asks = asksSomething(`${prefix} ${suffix}`, accented) || text.trimEnd().endsWith("?");
  if (!asks && !/^(?:so sánh|so sanh|compare)\s/iu.test(text)) return null;
  const ask = (item: readonly string[]) =>
    [prefix, item.join(" ").replace(/[?,]+$/u, ""), suffix]
      .join(" ")
      .replace(/\s*\blần lượt\b\s*|\s*\blan luot\b\s*|\s*\brespectively\b\s*/giu, " ")
      .replace(/\s+/g, " ")
      .trim();
  const parts = [ask(first), ask(second)];
  return parts.every((part) => part.split(" ").length >= 3) ? parts : null;
}

// A conjunct longer than this is not one item of a list ("… và …" then joins two clauses).
const MAX_ITEM_WORDS = 10;

/**
 * One answer from the answers to each part: their sentences in order, sources renumbered across both
 * (an article cited by both parts keeps one number). A part the library does not answer says so.
 */
export function mergePartAnswers(
  question: string,
  answers: readonly Answer[],
  partQuestions: readonly string[],
): Answer {
  const answered = answers.filter((answer) => !answer.abstained);
  const first = answers[0];
  if (!first) throw new Error("no answers to merge");
  if (answered.length === 0) return { ...first, question };
  const citations: Citation[] = [];
  const numberOf = new Map<string, number>();
  const parts: AnswerPart[] = [];
  for (const [i, answer] of answers.entries()) {
    if (answer.abstained) {
      parts.push({ text: `«${partQuestions[i] ?? ""}»: ${answer.parts[0]?.text ?? ""}`, citations: [] });
      continue;
    }
    const renumber = new Map<number, number>();
    for (const citation of answer.citations) {
      let n = numberOf.get(citation.articleId);
      if (n === undefined) {
        n = citations.length + 1;
        numberOf.set(citation.articleId, n);
        citations.push({ ...citation, n });
      }
      renumber.set(citation.n, n);
    }
    for (const part of answer.parts) {
      // Both parts may be answered by one sentence: say it once.
      if (parts.some((earlier) => earlier.text === part.text)) continue;
      parts.push({ ...part, citations: part.citations.map((n) => renumber.get(n) ?? n) });
    }
  }
  const hits = answers.flatMap((answer) => answer.hits);
  return {
    ...first,
    question,
    abstained: false,
    parts,
    citations,
    hits: hits.filter((hit, i) => hits.findIndex((other) => other.chunkId === hit.chunkId) === i),
    relevance: Math.min(...answered.map((answer) => answer.relevance)),
    note: answers.find((answer) => answer.note)?.note ?? null,
  };
}
