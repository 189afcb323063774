import type { Lexicon } from "./lexicon.ts";
import { createStopMask, PhraseMatcher } from "./lexicon.ts";
import { foldKey, toNfc } from "./normalize.ts";
import { compoundParts, splitWords } from "./words.ts";

/** Bump when the analysis below changes: saved indexes built by another version are rebuilt. */
export const ANALYZER_VERSION = "terms-v4";

/** Prefix of the concept term emitted for an abbreviation in either of its forms ("=cchc"). */
export const CONCEPT_PREFIX = "=";
/** Joins the two syllables of a two-syllable term ("cai_cach"). */
export const BIGRAM_JOINER = "_";
/** Marks a term of the exact (accented) space where both spaces share one set or one Orama property. */
export const EXACT_MARK = "'";

/**
 * The terms a text contributes to search, in two spaces:
 * - `folded`: accent-free and lower-case — single syllables (minus stop words), two-syllable terms,
 *   numbers and codes with their parts, and abbreviation concepts. Unaccented questions meet here.
 * - `exact`: lower-case syllables that carry diacritics, as written. A question typed with accents also
 *   meets these, which ranks "Quảng Bình" above a passage that only has "quang binh"-like syllables.
 */
export interface SearchTerms {
  folded: string[];
  exact: string[];
}

/** Builds a term analyzer bound to a lexicon (stop words, abbreviations). */
const QUARTER = /(?<![\p{L}\p{M}])(quý|quy)\s+(IV|III|II|I)(?![\p{L}\p{M}])/giu;
const ROMAN: Record<string, string> = { i: "1", ii: "2", iii: "3", iv: "4" };
const quarterInFigures = (_: string, quarter: string, roman: string) =>
  `${quarter} ${ROMAN[roman.toLowerCase()] ?? roman}`;

export function createTermAnalyzer(lexicon: Lexicon): (text: string) => SearchTerms {
  const stopMask = createStopMask(lexicon);
  const abbreviationMatcher = new PhraseMatcher(
    lexicon.abbreviations.flatMap((entry, key) => entry.forms.map((syllables) => ({ key, syllables }))),
  );

  return (text: string): SearchTerms => {
    // "83%" and "83 phần trăm" are the same fact, and so are "quý III" and "quý 3".
    const words = splitWords(text.replaceAll("%", " phần trăm ").replace(QUARTER, quarterInFigures));
    const stops = stopMask(words);
    const folded = new Set<string>();
    const exact = new Set<string>();
    const sequence: string[] = [];
    let previous: { key: string; phrase: number; compound: boolean; stop: boolean } | undefined;

    for (const [position, word] of words.entries()) {
      const lower = toNfc(word.text.toLowerCase());
      const key = foldKey(lower);
      const stop = stops[position] ?? false;
      sequence.push(key);
      if (word.compound) {
        folded.add(key);
        for (const part of compoundParts(key)) folded.add(part);
      } else if (!stop) {
        folded.add(key);
        if (lower !== key) exact.add(lower);
      }
      if (previous && previous.phrase === word.phrase && !previous.compound && !word.compound) {
        // Two-syllable terms carry most Vietnamese meaning ("cải cách", "hành chính"). Pairs with a stop
        // word are noise ("của tỉnh"), except a stop word before a number ("năm 2023", "ngày 19").
        const keep = !stop && (!previous.stop || /^\p{N}+$/u.test(key));
        if (keep) folded.add(previous.key + BIGRAM_JOINER + key);
      }
      previous = { key, phrase: word.phrase, compound: word.compound, stop };
    }
    for (const index of abbreviationMatcher.matches(sequence)) {
      const entry = lexicon.abbreviations[index];
      if (entry) folded.add(CONCEPT_PREFIX + entry.id.replace(/ /g, BIGRAM_JOINER));
    }
    return { folded: [...folded], exact: [...exact] };
  };
}

/** Both spaces of `terms` in one set, exact terms marked with EXACT_MARK. */
export function termSet(terms: SearchTerms): Set<string> {
  const set = new Set(terms.folded);
  for (const term of terms.exact) set.add(EXACT_MARK + term);
  return set;
}
