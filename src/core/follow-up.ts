import type { Turn } from "./conversation.ts";
import { foldKey } from "./text/normalize.ts";

// Words that make a question lean on the previous one: "còn năm 2022 thì sao?", "vậy ai chủ trì?",
// "số đó", "hội nghị này", "what about 2022?".
const LEANING =
  /(?:^|\s)(?:con|vay|the con|thi sao|the thi sao|do|nay|ay|tren|ho|no|what about|and|how about)(?=\s|[?.!,]|$)/u;

/**
 * Whether a question probably continues the previous turn: it is short, or it leans on it with words
 * like "còn … thì sao", "đó", "này".
 */
export function looksLikeFollowUp(question: string, contentWords: number): boolean {
  const folded = ` ${foldKey(question).replace(/[?.!,;:]/g, " ")} `;
  return contentWords <= 3 || LEANING.test(folded);
}

/**
 * The deterministic rewrite: the new question plus the previous query, where numbers of the new question
 * (a year, a date) replace those of the previous one. "còn năm 2022 thì sao?" after "PAR INDEX 2023 của
 * Quảng Bình" searches "còn năm 2022 thì sao? PAR INDEX của Quảng Bình".
 */
export function rewriteFollowUpByRule(question: string, previous: Turn): string {
  const hasNumber = /\d/.test(question);
  const carried = hasNumber ? previous.query.replace(/\b\d[\d.,/]*\b/g, " ") : previous.query;
  return `${question.trim()} ${carried.replace(/\s+/g, " ").trim()}`.slice(0, 1000);
}

/** The previous turns as text for the rewrite prompt. */
export function historyText(turns: readonly Turn[]): string {
  return turns.map((turn) => `Hỏi: ${turn.question}\nĐáp: ${turn.answer.slice(0, 400)}`).join("\n\n");
}
