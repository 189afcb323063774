import type { Lexicon } from "../text/lexicon.ts";
import { createStopMask, fnv1a, PhraseMatcher } from "../text/lexicon.ts";
import { foldKey } from "../text/normalize.ts";
import { splitWords } from "../text/words.ts";
import type { Embedder } from "./embedder.ts";

// Bump when features or weights change: the id changes and saved indexes are rebuilt.
export const LOCAL_EMBEDDER_VERSION = "local-hash-v4";

// Feature weights. Two-syllable terms and concepts say more about meaning than single syllables; character
// trigrams only rescue typos and partial words, so they weigh little.
const WEIGHT = { syllable: 1, bigram: 1.6, trigram: 0.25, concept: 2, synonym: 1.4, ambiguous: 0.3 } as const;

/**
 * A deterministic embedder that needs no model or network: feature hashing ("the hashing trick") of
 * accent-folded syllables, syllable pairs, character trigrams, abbreviation concepts and synonym groups
 * into a fixed-size vector, sub-linear term frequency, L2-normalised. Folding makes "cai cach" and
 * "cải cách" identical; the synonym groups of the lexicon put "phiên họp" near "hội nghị", which is what
 * full-text search alone cannot do.
 */
export function createLocalEmbedder(lexicon: Lexicon, dimensions = 384): Embedder {
  const phrases = new PhraseMatcher([
    ...lexicon.abbreviations.flatMap((entry, i) => entry.forms.map((syllables) => ({ key: i, syllables }))),
    ...lexicon.synonymGroups.flatMap((group, g) =>
      group.map((syllables) => ({ key: 10_000 + g, syllables })),
    ),
  ]);
  const id = `${LOCAL_EMBEDDER_VERSION}:${dimensions}:${lexicon.version}`;
  const stopMask = createStopMask(lexicon);

  // A syllable's own features (the syllable, its character trigrams) are the same wherever it occurs:
  // their hashes are computed once. Bounded, since numbers and codes make the vocabulary open.
  const syllableHashes = new Map<string, number[]>();
  function hashesOf(syllable: string): number[] {
    let hashes = syllableHashes.get(syllable);
    if (!hashes) {
      if (syllableHashes.size >= SYLLABLE_CACHE_LIMIT) syllableHashes.clear();
      const padded = `^${syllable}$`;
      hashes = [fnvFeed(SYLLABLE, syllable) >>> 0];
      for (let j = 0; j + 3 <= padded.length; j++) hashes.push(fnvFeed(TRIGRAM, padded, j, j + 3) >>> 0);
      syllableHashes.set(syllable, hashes);
    }
    return hashes;
  }

  /**
   * Each feature, by the FNV-1a hash of its name ("s:cach", "c:^ca", "b:cai_cach", "a:3"), with its weight
   * and how often it occurs. Hashing names piecewise gives the same hash as hashing the whole name.
   */
  function features(text: string): Map<number, { weight: number; count: number }> {
    const counts = new Map<number, { weight: number; count: number }>();
    const add = (feature: number, weight: number) => {
      const seen = counts.get(feature);
      if (seen) seen.count++;
      else counts.set(feature, { weight, count: 1 });
    };
    const words = splitWords(text);
    const lowered = words.map((word) => word.text.toLowerCase());
    const syllables = lowered.map(foldKey);
    const stops = stopMask(words);
    let previous: string | null = null;
    let previousStop = true;
    let previousPhrase = -1;
    for (const [i, syllable] of syllables.entries()) {
      const phrase = words[i]?.phrase ?? -1;
      const stop = stops[i] ?? false;
      // Typed without accents, "cac" may be the stop word "các" or a content word: it counts, but little.
      const ambiguous = lowered[i] === syllable && lexicon.foldedStopWords.has(syllable);
      if (!stop) {
        const [own, ...trigrams] = hashesOf(syllable);
        add(own as number, ambiguous ? WEIGHT.ambiguous : WEIGHT.syllable);
        for (const trigram of trigrams) add(trigram, WEIGHT.trigram);
      }
      if (previous !== null && previousPhrase === phrase && !stop && !previousStop) {
        add(fnvFeed(fnvFeed(fnvFeed(BIGRAM, previous), "_"), syllable) >>> 0, WEIGHT.bigram);
      }
      previous = syllable;
      previousStop = stop;
      previousPhrase = phrase;
    }
    for (const key of phrases.matches(syllables)) {
      const synonym = key >= 10_000;
      add(fnv1a(synonym ? `g:${key}` : `a:${key}`), synonym ? WEIGHT.synonym : WEIGHT.concept);
    }
    return counts;
  }

  function embedOne(text: string): number[] {
    const vector = new Float64Array(dimensions);
    for (const [hash, { weight, count }] of features(text)) {
      const sign = (mix(hash) & 1) === 0 ? 1 : -1;
      // Sub-linear term frequency: a word repeated ten times is not ten times as important.
      const bucket = hash % dimensions;
      vector[bucket] = (vector[bucket] ?? 0) + sign * weight * (1 + Math.log(count));
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    return Array.from(vector, (value) => Math.round((value / norm) * 1e6) / 1e6);
  }

  return {
    id,
    dimensions,
    // Embedding and inserting 8 passages is a few milliseconds of synchronous work: a bot following a bulk
    // ingest answers in between (event-loop delay p99 ≈ 50 ms, against ≈ 240 ms with 64).
    batchSize: 8,
    embed: async (texts) => texts.map(embedOne),
  };
}

const SYLLABLE_CACHE_LIMIT = 100_000;
const FNV_OFFSET = 0x811c9dc5;
// FNV-1a states after the feature-name prefixes.
const SYLLABLE = fnvFeed(FNV_OFFSET, "s:");
const TRIGRAM = fnvFeed(FNV_OFFSET, "c:");
const BIGRAM = fnvFeed(FNV_OFFSET, "b:");

/** FNV-1a continued over text[from, to): fnvFeed(fnvFeed(h, a), b) === fnvFeed(h, a + b); `>>> 0` ends it. */
function fnvFeed(hash: number, text: string, from = 0, to = text.length): number {
  let h = hash;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

// A second, independent bit source for the sign, so that bucket and sign are not correlated.
function mix(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}
