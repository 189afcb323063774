import type { AnyOrama, RawData } from "@orama/orama";
import { count, create, getByID, insertMultiple, load, remove, save, search } from "@orama/orama";
import type { Chunk } from "../ingest/chunk-article.ts";
import { CHUNKER_VERSION, chunkArticle } from "../ingest/chunk-article.ts";
import type { Article } from "../store/library-store.ts";
import type { Lexicon } from "../text/lexicon.ts";
import type { SearchTerms } from "../text/search-terms.ts";
import { ANALYZER_VERSION, createTermAnalyzer } from "../text/search-terms.ts";
import type { Embedder } from "./embedder.ts";
import type { FlatVectors } from "./flat-vectors.ts";
import { createOramaTokenizer, oramaTerm } from "./orama-tokenizer.ts";
import { createPostingsIndex, postingsOf } from "./postings-index.ts";

export const INDEX_FORMAT_VERSION = 7;

/** What built an index; an index whose manifest differs from the running program is rebuilt. */
export interface IndexManifest {
  formatVersion: number;
  embedderId: string;
  dimensions: number;
  lexiconVersion: string;
  analyzerVersion: string;
  chunkerVersion: string;
  /** The store this index was built from (LibraryStore.libraryId). */
  libraryId: string;
  /** Every change of the store's change log up to this sequence number is in the index. */
  changeSeq: number;
  articleCount: number;
  chunkCount: number;
  builtAt: string;
}

export type SearchMode = "hybrid" | "fulltext" | "vector";

export interface SearchHit {
  chunkId: string;
  articleId: string;
  position: number;
  title: string;
  text: string;
  /** Orama's score: for hybrid, text and vector scores each divided by their best, then weighted. */
  score: number;
  /** Cosine similarity between question and passage vectors (null when no query vector was made). */
  cosine: number | null;
}

export interface SearchOptions {
  limit: number;
  mode: SearchMode;
  /** Weight of full-text vs vector in hybrid mode. */
  textWeight: number;
  /** Vector hits below this cosine are ignored. */
  minSimilarity: number;
}

export const DEFAULT_SEARCH_OPTIONS: SearchOptions = {
  limit: 8,
  mode: "hybrid",
  textWeight: 0.7,
  minSimilarity: 0.05,
};

// Only `text` and `title` are searched; other fields are stored with the document but not indexed.
function schemaFor(dimensions: number) {
  return { text: "string", title: "string", embedding: `vector[${dimensions}]` } as const;
}

/** A chunk as stored in Orama (and in docs.json); `embedding` is emptied after insertion. */
export interface ChunkDocument {
  id: string;
  articleId: string;
  position: number;
  title: string;
  text: string;
  embedding?: number[];
}

/** Where an index's content comes from: which store, and up to which change of its log. */
export interface IndexSource {
  libraryId: string;
  changeSeq: number;
}

/** An indexed article: its content hash and the ids of its chunks. */
export interface IndexedArticle {
  id: string;
  contentHash: string;
  chunkIds: string[];
}

export interface SearchIndexDeps {
  embedder: Embedder;
  lexicon: Lexicon;
}

// The best full-text and vector matches handed to Orama's hybrid merge: results are exactly Orama's while
// each side has fewer matches; beyond, a passage outside both top lists could only rank by a sum of two
// weak scores (measured: `npm run bench` prints how often the top 8 stay the same).
const MERGE_CANDIDATES = 1000;
const COMMON_TOKEN_SHARE = 0.1;
const COMMON_TOKEN_FLOOR = 2000;

// Inserting in small batches keeps Orama's trees balanced and lets the event loop breathe between them.
const INSERT_BATCH = 500;
const EMBED_BATCH = 64;

/**
 * Hybrid (BM25 + vector) search over article chunks, backed by Orama with a Vietnamese tokenizer.
 * Derived from the store: it can always be rebuilt with `build`.
 */
export class SearchIndex {
  readonly analyze: (text: string) => SearchTerms;
  private readonly db: AnyOrama;
  private readonly deps: SearchIndexDeps;
  private manifestData: IndexManifest;
  private readonly chunkIdsByArticle: Map<string, string[]>;
  // The content hash of each indexed article: reconciling with the store compares these.
  private readonly hashByArticle = new Map<string, string>();
  /** How many best matches of each side reach Orama's hybrid merge (null: all; the bench compares). */
  mergeCandidates: number | null = MERGE_CANDIDATES;

  private constructor(
    db: AnyOrama,
    deps: SearchIndexDeps,
    manifest: IndexManifest,
    analyze: (text: string) => SearchTerms,
  ) {
    this.db = db;
    this.deps = deps;
    this.manifestData = manifest;
    this.analyze = analyze;
    this.chunkIdsByArticle = new Map();
  }

  get manifest(): IndexManifest {
    return this.manifestData;
  }

  get embedder(): Embedder {
    return this.deps.embedder;
  }

  /** Builds an index of `articles` from scratch. */
  static async build(
    articles: readonly Article[],
    deps: SearchIndexDeps,
    source: IndexSource,
  ): Promise<SearchIndex> {
    const index = SearchIndex.empty(deps, source);
    await index.addArticles(articles);
    return index;
  }

  /** Recreates an index from `save()` output (see index-files.ts), without re-embedding anything. */
  static fromRaw(
    raw: RawData,
    manifest: IndexManifest,
    deps: SearchIndexDeps,
    articles: readonly IndexedArticle[],
  ): SearchIndex {
    const index = SearchIndex.empty(deps, manifest);
    load(index.db, raw);
    index.manifestData = manifest;
    for (const { id, contentHash, chunkIds } of articles) {
      index.chunkIdsByArticle.set(id, chunkIds);
      index.hashByArticle.set(id, contentHash);
    }
    return index;
  }

  private static empty(deps: SearchIndexDeps, source: IndexSource): SearchIndex {
    const analyze = createTermAnalyzer(deps.lexicon);
    let index: SearchIndex | null = null;
    const db = create({
      schema: schemaFor(deps.embedder.dimensions),
      // Nothing sorts by a field: Orama's sorter would only hold a copy of every title and text.
      sort: { enabled: false },
      components: {
        tokenizer: createOramaTokenizer(analyze, (tokens) => index?.dropCommonTokens(tokens) ?? tokens),
        index: createPostingsIndex({ candidates: () => index?.mergeCandidates ?? MERGE_CANDIDATES }),
      },
    });
    const manifest: IndexManifest = {
      ...indexIdentity(deps),
      libraryId: source.libraryId,
      changeSeq: source.changeSeq,
      articleCount: 0,
      chunkCount: 0,
      builtAt: new Date().toISOString(),
    };
    index = new SearchIndex(db, deps, manifest, analyze);
    return index;
  }

  /**
   * Drops query tokens that occur in more than COMMON_TOKEN_SHARE of the chunks (keeping at least the
   * two rarest). They barely change BM25 ranking — the vector side and the answer's own relevance check
   * still see them — but every document holding one enters Orama's result merge and sort: at 10k chunks
   * keeping them costs hybrid queries 17 ms instead of 10 and full-text 6.5 ms instead of 1.2.
   */
  dropCommonTokens(tokens: string[]): string[] {
    const limit = Math.max(COMMON_TOKEN_FLOOR, Math.floor(this.size * COMMON_TOKEN_SHARE));
    const text = postingsOf(this.db, "text");
    const title = postingsOf(this.db, "title");
    const df = (token: string) => Math.max(text?.occurrences(token) ?? 0, title?.occurrences(token) ?? 0);
    const kept = tokens.filter((token) => df(token) <= limit);
    if (kept.length >= 2 || kept.length === tokens.length) return kept;
    return [...tokens].sort((a, b) => df(a) - df(b) || (a < b ? -1 : 1)).slice(0, 2);
  }

  /** Chunks, embeds and indexes articles (replacing any earlier version of the same article ids). */
  async addArticles(articles: readonly Article[], signal?: AbortSignal): Promise<void> {
    for (const article of articles) this.removeArticle(article.id);
    const chunks = articles.flatMap((article) => chunkArticle(article));
    this.vectors()?.reserve(this.size + chunks.length);
    const batchSize = this.deps.embedder.batchSize ?? EMBED_BATCH;
    const batches: Chunk[][] = [];
    for (let start = 0; start < chunks.length; start += batchSize)
      batches.push(chunks.slice(start, start + batchSize));
    const embed = (batch: Chunk[] | undefined) =>
      batch ? this.deps.embedder.embed(batch.map(embeddingText), signal) : null;
    // The next batches are being embedded while this one is inserted: with an embedder that works
    // elsewhere (a worker thread, an endpoint) the two overlap. Two ahead keep a worker from waiting.
    const ahead = [embed(batches[0]), embed(batches[1])];
    try {
      for (let b = 0; b < batches.length; b++) {
        const vectors = (await ahead.shift()) ?? [];
        ahead.push(embed(batches[b + 2]));
        await this.insertDocuments(
          (batches[b] ?? []).map((chunk, i) => ({
            id: chunk.id,
            articleId: chunk.articleId,
            position: chunk.position,
            title: chunk.title,
            text: chunk.text,
            embedding: vectors[i] ?? [],
          })),
        );
      }
    } finally {
      // A failed insert leaves the next batches' embeddings unread; their failures must not go unhandled.
      for (const pending of ahead) pending?.catch(() => undefined);
    }
    for (const article of articles) this.hashByArticle.set(article.id, article.contentHash);
    this.touch();
  }

  private async insertDocuments(documents: ChunkDocument[]): Promise<void> {
    for (let offset = 0; offset < documents.length; offset += INSERT_BATCH) {
      const batch = documents.slice(offset, offset + INSERT_BATCH);
      await insertMultiple(this.db, batch);
      // The vector index keeps its own copy; dropping ours halves memory and the persisted size, and
      // avoids Orama's null-vector write-back on searches (see ORAMA-NOTES). The field must stay defined:
      // Orama's remove() skips undefined fields, which would leave the vector behind in the vector index.
      for (const document of batch) {
        document.embedding = [];
        const ids = this.chunkIdsByArticle.get(document.articleId) ?? [];
        ids.push(document.id);
        this.chunkIdsByArticle.set(document.articleId, ids);
      }
      // Let other work (a member's question) run between batches of a large build.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Removes an article's chunks; returns how many were removed. */
  removeArticle(articleId: string): number {
    const ids = this.chunkIdsByArticle.get(articleId) ?? [];
    for (const id of ids) remove(this.db, id);
    this.chunkIdsByArticle.delete(articleId);
    this.hashByArticle.delete(articleId);
    this.touch();
    return ids.length;
  }

  /** Records that every change of the store's log up to `changeSeq` is now in the index. */
  markSynced(changeSeq: number): void {
    this.manifestData = { ...this.manifestData, changeSeq };
  }

  /** How many passages of an article are indexed. */
  passageCount(articleId: string): number {
    return this.chunkIdsByArticle.get(articleId)?.length ?? 0;
  }

  /** The content hash of an indexed article, or undefined when it is not in the index. */
  contentHashOf(articleId: string): string | undefined {
    return this.hashByArticle.get(articleId);
  }

  /** Every indexed article with its content hash and chunk ids (persisted beside the Orama data). */
  indexedArticles(): IndexedArticle[] {
    return [...this.chunkIdsByArticle].map(([id, chunkIds]) => ({
      id,
      contentHash: this.hashByArticle.get(id) ?? "",
      chunkIds,
    }));
  }

  private touch(): void {
    this.manifestData = {
      ...this.manifestData,
      articleCount: this.chunkIdsByArticle.size,
      chunkCount: count(this.db),
      builtAt: new Date().toISOString(),
    };
  }

  raw(): RawData {
    return save(this.db);
  }

  /** Number of chunks containing a folded term (for IDF); 0 for unknown terms. */
  documentFrequency(term: string): number {
    return postingsOf(this.db, "text")?.occurrences(oramaTerm(term)) ?? 0;
  }

  /** A stored passage by chunk id ("<articleId>#<position>"), or null. */
  passage(chunkId: string): Omit<SearchHit, "score" | "cosine"> | null {
    const document = getByID(this.db, chunkId) as unknown as ChunkDocument | undefined;
    if (!document) return null;
    const { articleId, position, title, text } = document;
    return { chunkId, articleId, position, title, text };
  }

  /** Vectors held by the vector index; equals `size` unless the index is inconsistent. */
  get vectorCount(): number {
    return this.vectors()?.length ?? 0;
  }

  get size(): number {
    return count(this.db);
  }

  /** Runs a search; `queryVector` may be passed when the caller already embedded the question. */
  async search(
    query: string,
    options: Partial<SearchOptions> = {},
    queryVector?: number[] | null,
  ): Promise<SearchHit[]> {
    const { limit, mode, textWeight, minSimilarity } = { ...DEFAULT_SEARCH_OPTIONS, ...options };
    if (this.size === 0) return [];
    const vector = mode === "fulltext" ? null : (queryVector ?? null);
    const effectiveMode = vector ? mode : "fulltext";
    const common = { limit, includeVectors: true } as const;
    let params: Record<string, unknown>;
    if (effectiveMode === "fulltext") {
      params = { ...common, term: query, properties: ["text", "title"], boost: { title: 0.5 }, threshold: 1 };
    } else if (effectiveMode === "vector") {
      params = {
        ...common,
        mode: "vector",
        vector: { value: vector, property: "embedding" },
        similarity: minSimilarity,
      };
    } else {
      params = {
        ...common,
        mode: "hybrid",
        term: query,
        properties: ["text", "title"],
        boost: { title: 0.5 },
        threshold: 1,
        vector: { value: vector, property: "embedding" },
        similarity: minSimilarity,
        // Orama silently replaces a zero weight by 0.5/0.5, so keep both strictly positive.
        hybridWeights: { text: clampWeight(textWeight), vector: clampWeight(1 - textWeight) },
      };
    }
    const result = await search(this.db, params as never);
    const found = result.hits as unknown as {
      id: string;
      score: number;
      document: ChunkDocument | undefined;
    }[];
    // A hit without its document would be an index inconsistency: skip it rather than fail a member's question.
    const hits = found
      .filter(
        (hit): hit is { id: string; score: number; document: ChunkDocument } => hit.document !== undefined,
      )
      .map((hit) => ({
        chunkId: hit.id,
        articleId: hit.document.articleId,
        position: hit.document.position,
        title: hit.document.title,
        text: hit.document.text,
        score: hit.score,
        cosine: vector ? this.cosineOf(hit.id, vector) : null,
      }));
    // Equal scores are ordered by chunk id so that the same question always gives the same answer.
    return hits.sort(
      (a, b) => b.score - a.score || (a.chunkId < b.chunkId ? -1 : a.chunkId > b.chunkId ? 1 : 0),
    );
  }

  // The vectors live only in the vector index (FlatVectors, see postings-index.ts), by internal id.
  private vectors(): FlatVectors | undefined {
    const index = this.db.data.index as unknown as { vectorIndexes: Record<string, { node: FlatVectors }> };
    return index.vectorIndexes.embedding?.node;
  }

  private cosineOf(chunkId: string, query: number[]): number {
    const internal = this.db.internalDocumentIDStore as { idToInternalId: Map<string, number> };
    const internalId = internal.idToInternalId.get(chunkId);
    const entry = internalId === undefined ? undefined : this.vectors()?.get(internalId);
    if (!entry) return 0;
    const [magnitude, vector] = entry;
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < query.length; i++) {
      const q = query[i] ?? 0;
      dot += q * (vector[i] ?? 0);
      norm += q * q;
    }
    return magnitude === 0 || norm === 0 ? 0 : dot / (magnitude * Math.sqrt(norm));
  }
}

/** What an index built now with `deps` is made of; a saved index with another identity is rebuilt. */
export function indexIdentity(deps: SearchIndexDeps) {
  return {
    formatVersion: INDEX_FORMAT_VERSION,
    embedderId: deps.embedder.id,
    dimensions: deps.embedder.dimensions,
    lexiconVersion: deps.lexicon.version,
    analyzerVersion: ANALYZER_VERSION,
    chunkerVersion: CHUNKER_VERSION,
  };
}

function clampWeight(weight: number): number {
  return Math.min(0.99, Math.max(0.01, weight));
}

/** The text embedded for a chunk: the title gives a passage its topic. */
export function embeddingText(chunk: Pick<Chunk, "title" | "text">): string {
  return `${chunk.title}\n${chunk.text}`;
}
