import type { Lexicon } from "./lexicon.ts";
import { PhraseMatcher } from "./lexicon.ts";
import { foldKey, toNfc } from "./normalize.ts";
import { compoundParts, splitWords } from "./words.ts";

/** Prefix of the concept term emitted for an abbreviation in either of its forms ("=cchc"). */
export const CONCEPT_PREFIX = "=";
/** Joins the two syllables of a two-syllable term ("cai_cach"). */
export const BIGRAM_JOINER = "_";

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
export function createTermAnalyzer(lexicon: Lexicon): (text: string) => SearchTerms {
  const abbreviationMatcher = new PhraseMatcher(
    lexicon.abbreviations.flatMap((entry, key) => entry.forms.map((syllables) => ({ key, syllables }))),
  );
  const { stopWords } = lexicon;

  return (text: string): SearchTerms => {
    const words = splitWords(text);
    const folded = new Set<string>();
    const exact = new Set<string>();
    const sequence: string[] = [];
    let previous: { key: string; phrase: number; compound: boolean } | undefined;

    for (const word of words) {
      const lower = toNfc(word.text.toLowerCase());
      const key = foldKey(lower);
      sequence.push(key);
      if (word.compound) {
        folded.add(key);
        for (const part of compoundParts(key)) folded.add(part);
      } else if (!stopWords.has(key)) {
        folded.add(key);
        if (lower !== key) exact.add(lower);
      }
      if (previous && previous.phrase === word.phrase && !previous.compound && !word.compound) {
        // Two-syllable terms carry most Vietnamese meaning ("cải cách", "hành chính"). Pairs with a stop
        // word are noise ("của tỉnh"), except a stop word before a number ("năm 2023", "ngày 19").
        const keep = !stopWords.has(key) && (!stopWords.has(previous.key) || /^\p{N}+$/u.test(key));
        if (keep) folded.add(previous.key + BIGRAM_JOINER + key);
      }
      previous = { key, phrase: word.phrase, compound: word.compound };
    }
    for (const index of abbreviationMatcher.matches(sequence)) {
      const entry = lexicon.abbreviations[index];
      if (entry) folded.add(CONCEPT_PREFIX + entry.id.replace(/ /g, BIGRAM_JOINER));
    }
    return { folded: [...folded], exact: [...exact] };
  };
}
