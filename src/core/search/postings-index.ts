import type { AnyOrama, IIndex } from "@orama/orama";
import { components } from "@orama/orama";
import { cutoffFor } from "./best-candidates.ts";
import type { FlatVectorArrays } from "./flat-vectors.ts";
import { FlatVectors } from "./flat-vectors.ts";
import type { PostingsSnapshot } from "./term-postings.ts";
import { TermPostings } from "./term-postings.ts";
import { grown } from "./typed-arrays.ts";

/**
 * An Orama index component (`create({ components: { index } })`) that indexes `string` fields in compact
 * TermPostings instead of radix trees, keeps vectors in one contiguous array (FlatVectors) instead of a
 * Map of small arrays, and leaves any other field to Orama's own index.
 *
 * Why: at 10k passages Orama's default text index held ~27 KB of heap per passage (per-document frequency
 * objects and a Set per tree node) and its prefix lookups walked the tree; our tokenizer makes every
 * lookup exact, so a hash map of typed posting lists answers the same query with the same BM25 scores
 * (`test/core/search/postings-index.test.ts` compares both on the same corpus) in a fraction of the memory.
 *
 * Not supported on these fields (we use none of them): prefix, typo-tolerant and `exact` matching,
 * `where` filters on text fields, facets, grouping and sorting by text.
 */
type DefaultIndex = ReturnType<typeof components.index.createIndex>;
type DefaultStore = ReturnType<DefaultIndex["create"]>;

export interface PostingsIndexStore extends DefaultStore {
  postings: Record<string, TermPostings>;
}

/** What load() takes: the text fields' postings as snapshots (decodePostings reads them from disk). */
export interface SavedPostingsIndex {
  /** Orama's own save() of what it still indexes (no text fields, no vectors). */
  base: unknown;
  postings: Record<string, PostingsSnapshot>;
  vectors: Record<string, FlatVectorArrays>;
}

/**
 * What save() gives: the live postings, for the caller to snapshot — a slice at a time while the index
 * does not change (index-files.ts), since copying 100k passages' postings at once stalls a bot ~0.3 s —
 * and the vectors as views of the live arrays. Neither may be kept past the next change of the index.
 */
export interface SavingPostingsIndex extends Omit<SavedPostingsIndex, "postings"> {
  postings: Record<string, TermPostings>;
}

type Bm25Params = { k: number; b: number; d: number };

export interface PostingsIndexOptions {
  /**
   * How many of the best full-text and of the best vector matches a search hands on to Orama's merge
   * (null: all, exactly as Orama). See best-candidates.ts.
   */
  candidates: () => number | null;
}

export function createPostingsIndex(
  { candidates }: PostingsIndexOptions = { candidates: () => null },
): IIndex<PostingsIndexStore> {
  const base = components.index.createIndex();
  const isText = (type: string) => type === "string";

  return {
    ...(base as unknown as IIndex<PostingsIndexStore>),

    create(orama, sharedInternalDocumentStore, schema) {
      const store = base.create(orama, sharedInternalDocumentStore, schema) as PostingsIndexStore;
      store.postings = {};
      for (const [prop, type] of Object.entries(store.searchablePropertiesWithTypes)) {
        if (!isText(type)) continue;
        if (prop.includes(".")) throw new Error(`postings index: nested text field ${prop} is not supported`);
        store.postings[prop] = new TermPostings();
        // Orama's structures for this field stay unused: drop them so nothing reads stale data.
        delete store.indexes[prop];
        delete store.frequencies[prop];
        delete store.tokenOccurrences[prop];
        delete store.fieldLengths[prop];
        delete store.avgFieldLength[prop];
      }
      for (const vectorIndex of Object.values(store.vectorIndexes)) {
        vectorIndex.node = new FlatVectors(vectorIndex.node.size, candidates) as never;
      }
      return store;
    },

    // Text fields go to the postings; anything else (vectors) to Orama's own index, with the same arguments.
    insert(...args) {
      const [, store, prop, , internalId, value, , language, tokenizer, docsCount] = args;
      const postings = store.postings[prop];
      if (!postings) return base.insert(...(args as Parameters<DefaultIndex["insert"]>));
      postings.add(internalId, tokenizer.tokenize(value as string, language, prop, false), docsCount);
    },

    remove(...args) {
      const [, store, prop, , internalId, value, , language, tokenizer, docsCount] = args;
      const postings = store.postings[prop];
      if (!postings) return base.remove(...(args as Parameters<DefaultIndex["remove"]>));
      postings.remove(internalId, tokenizer.tokenize(value as string, language, prop), docsCount);
      return true;
    },

    search(
      store,
      term,
      tokenizer,
      language,
      propertiesToSearch,
      _exact,
      _tolerance,
      boost,
      relevance,
      docsCount,
      whereFiltersIDs,
      threshold = 0,
    ) {
      return searchPostings(
        store as PostingsIndexStore,
        tokenizer.tokenize(term, language),
        propertiesToSearch,
        boost as Record<string, number>,
        relevance,
        docsCount,
        whereFiltersIDs,
        threshold,
        candidates(),
      );
    },

    save(store) {
      const { postings, vectorIndexes, ...rest } = store;
      const saved: SavingPostingsIndex = {
        base: base.save({ ...rest, vectorIndexes: {} } as DefaultStore),
        postings,
        vectors: Object.fromEntries(
          Object.entries(vectorIndexes).map(([prop, { node }]) => [
            prop,
            (node as unknown as FlatVectors).exportArrays(),
          ]),
        ),
      };
      return saved as never;
    },

    load(sharedInternalDocumentStore, raw) {
      const saved = raw as SavedPostingsIndex;
      const store = base.load(sharedInternalDocumentStore, saved.base) as PostingsIndexStore;
      for (const [prop, arrays] of Object.entries(saved.vectors)) {
        store.vectorIndexes[prop] = {
          type: "Vector",
          isArray: false,
          node: FlatVectors.fromArrays(arrays, candidates) as never,
        };
      }
      store.postings = Object.fromEntries(
        Object.entries(saved.postings).map(([prop, snapshot]) => [prop, TermPostings.fromSnapshot(snapshot)]),
      );
      return store;
    },
  };
}

/** The postings of a text field of an Orama instance created with this component. */
export function postingsOf(orama: AnyOrama, prop: string): TermPostings | undefined {
  return (orama.data.index as unknown as Partial<PostingsIndexStore>).postings?.[prop];
}

// Orama 3.1.18's BM25 (components/algorithms.js), so scores equal Orama's own.
function bm25(
  tf: number,
  matchingCount: number,
  docsCount: number,
  fieldLength: number,
  averageFieldLength: number,
  { k, b, d }: Bm25Params,
): number {
  const idf = Math.log(1 + (docsCount - matchingCount + 0.5) / (matchingCount + 0.5));
  return (idf * (d + tf * (k + 1))) / (tf + k * (1 - b + (b * fieldLength) / averageFieldLength));
}

/**
 * Orama's full-text scoring over the postings: for each field, each query token (repeats included) adds
 * BM25 × the field's boost to every document holding it. Results come sorted by score, ties in the order
 * documents were first scored. `threshold` keeps Orama's meaning: 1 returns every document that matched a
 * token; below 1, documents matching every token in one field come first, plus that share of the others
 * (all results when none matches every token; at 0 only full matches).
 */
function searchPostings(
  store: PostingsIndexStore,
  tokens: string[],
  propertiesToSearch: string[],
  boost: Record<string, number>,
  relevance: Bm25Params,
  docsCount: number,
  whereFiltersIDs: Set<number> | undefined,
  threshold: number,
  candidates: number | null,
): [number, number][] {
  const scores = new ScoreTable();
  const tokensFound = new Set<string>();
  const trackMatches = threshold !== 1;
  const matches = new Map<number, Map<string, number>>();
  for (const prop of propertiesToSearch) {
    const postings = store.postings[prop];
    if (!postings) continue;
    const boostPerProperty = boost[prop] ?? 1;
    if (boostPerProperty <= 0) throw new Error(`invalid boost ${boostPerProperty} for ${prop}`);
    const average = postings.avgFieldLength ?? 0;
    for (const token of tokens) {
      const found = postings.forEach(token, (id, count, occurrences) => {
        if (whereFiltersIDs && !whereFiltersIDs.has(id)) return;
        if (trackMatches) {
          const byProp = matches.get(id) ?? new Map<string, number>();
          byProp.set(prop, (byProp.get(prop) ?? 0) + 1);
          matches.set(id, byProp);
        }
        const length = postings.fieldLength(id);
        scores.add(
          id,
          bm25(count / length, occurrences, docsCount, length, average, relevance) * boostPerProperty,
        );
      });
      if (found) tokensFound.add(token);
    }
  }
  if (threshold === 1) return scores.best(candidates).sort((a, b) => b[1] - a[1]);
  const results = scores.entries().sort((a, b) => b[1] - a[1]);
  if (results.length === 0) return results;
  const keywords = tokens.length || 1;
  if (threshold === 0) {
    if (keywords === 1) return results;
    if (tokens.some((token) => !tokensFound.has(token))) return [];
  }
  const isFull = (id: number) => [...(matches.get(id)?.values() ?? [])].some((n) => n === keywords);
  const full = results.filter(([id]) => isFull(id));
  if (threshold === 0) return full;
  if (full.length === 0) return results;
  const rest = results.filter(([id]) => !isFull(id));
  return [...full, ...rest.slice(0, Math.ceil(rest.length * threshold))];
}

/**
 * Scores by internal id, in the order ids were first scored — what a Map<id, score> gives, without a
 * hash entry per matching document (a query of common syllables scores most of a 100k index). The
 * arrays are shared between queries, which run one at a time; a stamp per slot tells this query's
 * scores from older ones, so nothing is cleared.
 */
class ScoreTable {
  private static sums = new Float64Array(1024);
  private static stamps = new Uint32Array(1024);
  private static stamp = 0;
  private readonly order: number[] = [];
  private readonly stamp: number;

  constructor() {
    ScoreTable.stamp = (ScoreTable.stamp + 1) >>> 0 || 1;
    if (ScoreTable.stamp === 1) ScoreTable.stamps.fill(0);
    this.stamp = ScoreTable.stamp;
  }

  add(id: number, score: number): void {
    if (id >= ScoreTable.sums.length) ScoreTable.grow(id);
    if (ScoreTable.stamps[id] === this.stamp) {
      ScoreTable.sums[id] = (ScoreTable.sums[id] as number) + score;
      return;
    }
    ScoreTable.stamps[id] = this.stamp;
    ScoreTable.sums[id] = score;
    this.order.push(id);
  }

  entries(): [number, number][] {
    return this.order.map((id) => [id, ScoreTable.sums[id] as number]);
  }

  /** The entries at or above cutoffFor(limit), without making one for each document that does not make it. */
  best(limit: number | null): [number, number][] {
    if (limit === null || this.order.length <= limit) return this.entries();
    const sums = ScoreTable.sums;
    const cutoff = cutoffFor(
      Float64Array.from(this.order, (id) => sums[id] as number),
      limit,
    );
    const kept: [number, number][] = [];
    for (const id of this.order) if ((sums[id] as number) >= cutoff) kept.push([id, sums[id] as number]);
    return kept;
  }

  private static grow(id: number): void {
    const length = Math.max(id + 1, ScoreTable.sums.length * 2);
    ScoreTable.sums = grown(ScoreTable.sums, length);
    ScoreTable.stamps = grown(ScoreTable.stamps, length);
  }
}
