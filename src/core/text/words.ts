import { toNfc } from "./normalize.ts";

/**
 * A word as it appears in text: a syllable ("cách"), a number ("86,06", "2.500"), or a code that mixes
 * digits, letters and separators ("5894/BNV-VP", "131/NQ-CP", "2021-2026"). `phrase` increases at every
 * punctuation mark, so that two-syllable terms are never formed across a comma or a sentence end.
 */
export interface Word {
  text: string;
  phrase: number;
  /** True for numbers and codes, which must be kept whole (never split into syllables). */
  compound: boolean;
}

// A run of letters/digits, optionally joined to further runs by one of . , / - – when a separator sits
// between two alphanumerics ("86,06", "5894/BNV-VP"). Spaces always separate words.
const WORD = /[\p{L}\p{N}]+(?:[.,/\-–][\p{L}\p{N}]+)*/gu;
const HAS_DIGIT = /\p{N}/u;
const CODE_LIKE = /^[\p{Lu}\p{N}]+(?:[/\-–][\p{Lu}\p{N}]+)+$/u;

/** Splits text into words, keeping numbers and document codes whole. */
export function splitWords(raw: string): Word[] {
  const text = toNfc(raw);
  const words: Word[] = [];
  let phrase = 0;
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    // Most gaps are one space: only look for punctuation in the others.
    if (!(start - last === 1 && text[last] === " ") && /[^\s]/u.test(text.slice(last, start))) phrase++;
    last = start + match[0].length;
    const token = match[0];
    const joined = /[.,/\-–]/u.test(token);
    if (!joined || HAS_DIGIT.test(token) || CODE_LIKE.test(token)) {
      words.push({ text: token, phrase, compound: joined });
      continue;
    }
    // "kinh tế-xã hội", "v.v": ordinary words glued by punctuation are separate syllables.
    for (const part of token.split(/[.,/\-–]/u)) {
      if (part) words.push({ text: part, phrase, compound: false });
    }
  }
  return words;
}

/** Pieces of a code or range that a member may type alone: "5894/BNV-VP" → ["5894", "BNV", "VP"]. */
export function compoundParts(word: string): string[] {
  if (!/[/\-–]/u.test(word)) return [];
  return word.split(/[/\-–]/u).filter((part) => part.length > 0);
}
