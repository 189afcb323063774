import type { Lexicon } from "../text/lexicon.ts";
import { foldKey } from "../text/normalize.ts";
import type { SearchTerms } from "../text/search-terms.ts";
import { BIGRAM_JOINER, CONCEPT_PREFIX, EXACT_MARK } from "../text/search-terms.ts";

/** One thing the question asks about, with how rare (informative) it is in the library. */
export interface QueryKey {
  /** The folded term ("nang"). */
  term: string;
  /** The term as typed with accents, marked ("'nẵng"), when the question had accents. */
  exact: string | null;
  idf: number;
  /**
   * Other wordings of the phrase this key belongs to, from the synonym lexicon ("chậm nhất" for "hạn
   * chót"): each as the terms a text must all have (a syllable, or the two-syllable terms of a phrase).
   */
  alternatives?: readonly (readonly string[])[];
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
  terms: SearchTerms,
  lexicon: Lexicon,
  documentFrequency: (term: string) => number,
  totalChunks: number,
): QueryProfile {
  const foldedTerms = terms.folded;
  const exactByFolded = new Map(terms.exact.map((exact) => [foldKey(exact), EXACT_MARK + exact]));
  const concepts = foldedTerms.filter((term) => term.startsWith(CONCEPT_PREFIX));
  const isUnigram = (term: string) => !term.startsWith(CONCEPT_PREFIX) && !term.includes(BIGRAM_JOINER);
  const absorbed = new Set<string>();
  const idf = (term: string) => {
    const df = documentFrequency(term);
    return Math.log(1 + (totalChunks - df + 0.5) / (df + 0.5));
  };
  // "17/5" is one key; its parts "17" and "5" help retrieval but must not count three times here.
  const parts = new Set(
    foldedTerms.filter((term) => /[/\-–]/u.test(term)).flatMap((term) => term.split(/[/\-–]/u)),
  );
  const keys: QueryKey[] = [];
  for (const concept of concepts) {
    const id = concept.slice(CONCEPT_PREFIX.length).replaceAll(BIGRAM_JOINER, " ");
    const entry = lexicon.abbreviations.find((candidate) => candidate.id === id);
    const syllables = new Set(entry?.forms.flat() ?? []);
    const members = foldedTerms.filter((term) => isUnigram(term) && syllables.has(term));
    for (const member of members) absorbed.add(member);
    // A concept weighs as much as the syllables of the question it stands for: "cải cách hành chính"
    // is four syllables of meaning, "CCHC" one.
    keys.push({ term: concept, exact: null, idf: idf(concept) * Math.max(1, members.length) });
  }
  for (const term of foldedTerms) {
    if (!isUnigram(term) || absorbed.has(term) || parts.has(term)) continue;
    const exact = exactByFolded.get(term) ?? null;
    // Typed without accents, "cac" may be the stop word "các": a key only if the library has some word
    // that folds to it ("cải" for "cai"), or it would count as a rare, missing word.
    if (!exact && lexicon.foldedStopWords.has(term) && documentFrequency(term) === 0) continue;
    keys.push({ term, exact, idf: idf(term) });
  }
  addAlternatives(keys, foldedTerms.filter(isUnigram), lexicon);
  return {
    keys,
    bigrams: foldedTerms.filter((term) => term.includes(BIGRAM_JOINER) && !term.startsWith(CONCEPT_PREFIX)),
  };
}

// A key found only in another wording counts this much: a paraphrase is likely, not certain, to mean
// the same ("tăng" and "cải thiện" are in one group, and are not always interchangeable).
const SYNONYM_CREDIT = 0.7;

/** The terms a text must have to contain a phrase: its syllable, or its consecutive two-syllable terms. */
function phraseTerms(syllables: readonly string[]): string[] {
  if (syllables.length === 1) return [...syllables];
  return syllables.slice(1).map((syllable, i) => `${syllables[i]}${BIGRAM_JOINER}${syllable}`);
}

/**
 * Gives the keys of each synonym phrase that the question contains the group's other phrases as
 * alternatives: "hạn chót" (keys "han", "chot") is also found as "chậm nhất".
 */
function addAlternatives(keys: QueryKey[], unigrams: readonly string[], lexicon: Lexicon): void {
  const byTerm = new Map(keys.map((key) => [key.term, key]));
  const inQuestion = (phrase: readonly string[]) =>
    unigrams.some((_, i) => phrase.every((syllable, j) => unigrams[i + j] === syllable));
  for (const group of lexicon.synonymGroups) {
    for (const phrase of group) {
      if (!inQuestion(phrase)) continue;
      // A wording the question uses itself is its own key, not a second chance for this one: "đạt …
      // điểm" must not find "đạt" in every "điểm".
      const others = group.filter((other) => other !== phrase && !inQuestion(other)).map(phraseTerms);
      for (const syllable of phrase) {
        const key = byTerm.get(syllable);
        if (key) key.alternatives = [...(key.alternatives ?? []), ...others];
      }
    }
  }
}

/**
 * How much of one key a text has: 1, or ½ when the question's accents differ ("nẵng" vs "nâng"), or
 * SYNONYM_CREDIT when the text says it in another wording of the synonym lexicon.
 */
export function keyMatch(key: QueryKey, textTerms: ReadonlySet<string>): number {
  if (key.exact && textTerms.has(key.exact)) return 1;
  if (textTerms.has(key.term)) return key.exact ? 0.5 : 1;
  if (key.alternatives?.some((terms) => terms.every((term) => textTerms.has(term)))) return SYNONYM_CREDIT;
  return 0;
}

/** IDF-weighted average of `match(key)` (each in [0, 1]) over the question's keys, in [0, 1]. */
export function weightedCoverage(profile: QueryProfile, match: (key: QueryKey) => number): number {
  let total = 0;
  let found = 0;
  for (const key of profile.keys) {
    total += key.idf;
    found += key.idf * match(key);
  }
  return total === 0 ? 0 : found / total;
}

/**
 * Share of the question's keys (IDF-weighted) that a text contains, in [0, 1]. `textTerms` holds both
 * term spaces (see termSet).
 */
export function keyCoverage(profile: QueryProfile, textTerms: ReadonlySet<string>): number {
  return weightedCoverage(profile, (key) => keyMatch(key, textTerms));
}

/** Share of the question's two-syllable terms that a text contains, in [0, 1]. */
export function bigramCoverage(profile: QueryProfile, textTerms: ReadonlySet<string>): number {
  if (profile.bigrams.length === 0) return 0;
  return profile.bigrams.filter((bigram) => textTerms.has(bigram)).length / profile.bigrams.length;
}
