/**
 * How a typed question is read before it is searched: phone shorthand written out, and organisations named by
 * abbreviation searched by their full names too.
 */
import { readFileSync } from "node:fs";
import { foldKey } from "./normalize.ts";
import { escapeRegExp } from "./regexp.ts";

/** Phone shorthand in questions (lexicon/shorthand.json): "bn hs" → "bao nhiêu hồ sơ", "7 th" → "7 tháng". */
export interface Shorthand {
  words: ReadonlyMap<string, string>;
  /** Read only right after a number, where they have one reading. */
  afterNumber: ReadonlyMap<string, string>;
}

export function loadShorthand(path: string): Shorthand {
  const data = JSON.parse(readFileSync(path, "utf8")) as {
    words: Record<string, string>;
    afterNumber: Record<string, string>;
  };
  return {
    words: new Map(Object.entries(data.words)),
    afterNumber: new Map(Object.entries(data.afterNumber)),
  };
}

// A token and what stands around it: shorthand is a whole lower-case token ("bn", "b/c"), never part of a
// word or a code ("NĐ-CP", "5894/BNV-VP").
const TOKEN = /(?<![\p{L}\p{N}/-])[\p{Ll}\p{M}][\p{Ll}\p{M}/]*(?![\p{L}\p{N}/-])/gu;

/** The question with its shorthand written out; everything else as typed. */
export function expandShorthand(question: string, shorthand: Shorthand): string {
  return question.replace(TOKEN, (token, offset: number) => {
    const before = question.slice(0, offset);
    if (/\d\s*$/u.test(before)) {
      const afterNumber = shorthand.afterNumber.get(token);
      if (afterNumber) return afterNumber;
    }
    return shorthand.words.get(token) ?? token;
  });
}

/**
 * The question with the full name of each organisation it names only by abbreviation ("BYT" → "BYT (bộ y
 * tế)"): the search then weighs the name as much as when it is typed in full. Other abbreviations ("PAR
 * INDEX", "CCHC") already meet their long forms through the concept term both forms index.
 */
export function withBodyNames(
  question: string,
  abbreviations: readonly { short: string; long: readonly string[]; body?: boolean }[],
): string {
  const folded = foldKey(question);
  const added: string[] = [];
  for (const entry of abbreviations) {
    const long = entry.long[0];
    if (!entry.body || !long || folded.includes(foldKey(long))) continue;
    const short = new RegExp(
      `(?<![\\p{L}\\p{N}])${escapeRegExp(foldKey(entry.short))}(?![\\p{L}\\p{N}])`,
      "u",
    );
    if (short.test(folded)) added.push(long);
  }
  return added.length > 0 ? `${question} (${added.join(", ")})` : question;
}
