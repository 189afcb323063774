import type { Lexicon } from "../text/lexicon.ts";
import { BIGRAM_JOINER, CONCEPT_PREFIX } from "../text/search-terms.ts";

/** One thing the question asks about, with how rare (informative) it is in the library. */
export interface QueryKey {
  term: string;
  idf: number;
}

export interface QueryProfile {
  keys: QueryKey[];
  bigrams: string[];
}

/**
 * The content of a question as weighted keys: accent-folded syllables that are not stop words, plus
 * abbreviation concepts — whose member syllables ("cải", "cách", … or "par", "index") are not counted again,
 * so "CCHC" and "cải cách hành chính" ask the same thing. Weights are BM25-style IDF over chunks.
 */
export function profileQuery(
  foldedTerms: readonly string[],
  lexicon: Lexicon,
  documentFrequency: (term: string) => number,
  totalChunks: number,
): QueryProfile {
  const concepts = foldedTerms.filter((term) => term.startsWith(CONCEPT_PREFIX));
  const isUnigram = (term: string) => !term.startsWith(CONCEPT_PREFIX) && !term.includes(BIGRAM_JOINER);
  const absorbed = new Set<string>();
  const idf = (term: string) => {
    const df = documentFrequency(term);
    return Math.log(1 + (totalChunks - df + 0.5) / (df + 0.5));
  };
  const keys: QueryKey[] = [];
  for (const concept of concepts) {
    const id = concept.slice(CONCEPT_PREFIX.length).replaceAll(BIGRAM_JOINER, " ");
    const entry = lexicon.abbreviations.find((candidate) => candidate.id === id);
    const syllables = new Set(entry?.forms.flat() ?? []);
    const members = foldedTerms.filter((term) => isUnigram(term) && syllables.has(term));
    for (const member of members) absorbed.add(member);
    // A concept weighs as much as the syllables of the question it stands for: "cải cách hành chính"
    // is four syllables of meaning, "CCHC" one.
    keys.push({ term: concept, idf: idf(concept) * Math.max(1, members.length) });
  }
  for (const term of foldedTerms) {
    if (isUnigram(term) && !absorbed.has(term)) keys.push({ term, idf: idf(term) });
  }
  return {
    keys,
    bigrams: foldedTerms.filter((term) => term.includes(BIGRAM_JOINER) && !term.startsWith(CONCEPT_PREFIX)),
  };
}

/** Share of the question's keys (IDF-weighted) that a text contains, in [0, 1]. */
export function keyCoverage(profile: QueryProfile, textTerms: ReadonlySet<string>): number {
  let total = 0;
  let found = 0;
  for (const key of profile.keys) {
    total += key.idf;
    if (textTerms.has(key.term)) found += key.idf;
  }
  return total === 0 ? 0 : found / total;
}

/** Share of the question's two-syllable terms that a text contains, in [0, 1]. */
export function bigramCoverage(profile: QueryProfile, textTerms: ReadonlySet<string>): number {
  if (profile.bigrams.length === 0) return 0;
  return profile.bigrams.filter((bigram) => textTerms.has(bigram)).length / profile.bigrams.length;
}
