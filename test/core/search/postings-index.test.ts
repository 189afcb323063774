import type { AnyOrama } from "@orama/orama";
import { create, insertMultiple, load, remove, save, search } from "@orama/orama";
import { describe, expect, it } from "vitest";
import { syntheticArticles } from "../../../src/bench/synthetic-corpus.ts";
import { chunkArticle } from "../../../src/core/ingest/chunk-article.ts";
import { importSeeds } from "../../../src/core/ingest/ingest-article.ts";
import { createOramaTokenizer } from "../../../src/core/search/orama-tokenizer.ts";
import { createPostingsIndex, postingsOf } from "../../../src/core/search/postings-index.ts";
import { decodePostings, encodePostings, TermPostings } from "../../../src/core/search/term-postings.ts";
import { LibraryStore } from "../../../src/core/store/library-store.ts";
import { createTermAnalyzer } from "../../../src/core/text/search-terms.ts";
import { EVAL_SETS, loadEvalSet } from "../../../src/eval/eval-set.ts";
import { lexicon, SEEDS_DIR } from "../../helpers/seed-library.ts";

const DIMENSIONS = 8;
const analyze = createTermAnalyzer(lexicon);

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function newOrama(withPostings: boolean, candidates: number | null = null): AnyOrama {
  return create({
    schema: { text: "string", title: "string", embedding: `vector[${DIMENSIONS}]` } as const,
    components: {
      tokenizer: createOramaTokenizer(analyze),
      ...(withPostings ? { index: createPostingsIndex({ candidates: () => candidates }) } : {}),
    },
  });
}

// Seeds plus generated articles: realistic term frequencies, repeated terms, titles shared by passages.
const store = LibraryStore.open(":memory:");
await importSeeds(store, SEEDS_DIR);
const random = seededRandom(7);
const documents = [...store.listArticles(), ...syntheticArticles(store.listArticles(), 400)]
  .flatMap((article) => chunkArticle(article))
  .map((chunk) => ({
    id: chunk.id,
    title: chunk.title,
    text: chunk.text,
    embedding: Array.from({ length: DIMENSIONS }, () => random() - 0.5),
  }));
const queries = [
  ...loadEvalSet(EVAL_SETS.dev).map((q) => q.question),
  "của các năm và",
  "cải cách hành chính cải cách",
  "chi so sipas",
  "không có từ nào như thế",
];

type Hit = { id: string; score: number };
async function fulltext(db: AnyOrama, term: string, threshold = 1): Promise<Hit[]> {
  const result = await search(db, {
    term,
    properties: ["text", "title"],
    boost: { title: 0.5 },
    threshold,
    limit: 10_000,
  });
  return result.hits.map((hit) => ({ id: String(hit.id), score: hit.score }));
}

// Equal scores may come in another order (the postings keep ids sorted, Orama keeps insertion order).
const byScoreThenId = (hits: Hit[]) =>
  [...hits].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * Orama with its own index and with ours, holding the same documents after the same churn: every document
 * inserted, those picked by `removes` removed, and every other one of those inserted again.
 */
async function bothWithChurn(removes: (i: number) => boolean): Promise<[AnyOrama, AnyOrama]> {
  const both: [AnyOrama, AnyOrama] = [newOrama(false), newOrama(true)];
  const removed = documents.filter((_, i) => removes(i));
  const back = removed.filter((_, i) => i % 2 === 0);
  for (const db of both) {
    await insertMultiple(
      db,
      documents.map((d) => ({ ...d })),
    );
    for (const d of removed) await remove(db, d.id);
    await insertMultiple(
      db,
      back.map((d) => ({ ...d })),
    );
  }
  return both;
}

describe("the postings index component", () => {
  it("scores every query exactly as Orama's own index, through inserts, removals and re-inserts", async () => {
    // Remove a third, then put some back under the same ids (Orama then reuses their internal ids).
    const [orama, ours] = await bothWithChurn((i) => i % 3 === 0);

    for (const query of queries) {
      for (const threshold of [1, 0, 0.5]) {
        const expected = byScoreThenId(await fulltext(orama, query, threshold));
        const actual = byScoreThenId(await fulltext(ours, query, threshold));
        expect(actual, `${query} (threshold ${threshold})`).toEqual(expected);
      }
    }
    expect((await fulltext(ours, "cải cách hành chính")).length).toBeGreaterThan(100);
  });

  it("when bounded, keeps exactly Orama's best matches (and every match tied with the last one)", async () => {
    const bounded = newOrama(true, 20);
    const orama = newOrama(false);
    for (const db of [bounded, orama])
      await insertMultiple(
        db,
        documents.map((d) => ({ ...d })),
      );
    for (const query of ["cải cách hành chính", "chỉ số hài lòng năm", "chi so sipas"]) {
      const all = byScoreThenId(await fulltext(orama, query));
      expect(all.length, query).toBeGreaterThan(20);
      const cutoff = (all[19] as Hit).score;
      expect(byScoreThenId(await fulltext(bounded, query)), query).toEqual(
        all.filter((h) => h.score >= cutoff),
      );
    }
  });

  it("gives the same hybrid results with its contiguous vectors, through removals and re-inserts", async () => {
    // Removal moves the last vector into the freed row; re-inserted documents keep their internal ids.
    const [orama, ours] = await bothWithChurn((i) => i % 5 === 1);
    const dense = Array.from({ length: DIMENSIONS }, () => random() - 0.5);
    // A question's vector from the local embedder is mostly zeros: the scan then takes its sparse path.
    const sparse = dense.map((value, i) => (i % 3 === 0 ? value : 0));
    for (const [query, vector] of queries
      .slice(0, 10)
      .flatMap((q) => [[q, dense] as const, [q, sparse] as const])) {
      const params = {
        mode: "hybrid",
        term: query,
        properties: ["text", "title"],
        threshold: 1,
        vector: { value: vector, property: "embedding" },
        similarity: 0.1,
        limit: 50,
        includeVectors: true,
      } as const;
      const [a, b] = [await search(orama, params as never), await search(ours, params as never)];
      const ids = (hits: typeof a.hits) =>
        byScoreThenId(hits.map((h) => ({ id: String(h.id), score: h.score })));
      expect(ids(b.hits), query).toEqual(ids(a.hits));
    }
  });

  it("survives save and load, through the binary encoding, and keeps working after", async () => {
    const ours = newOrama(true);
    await insertMultiple(
      ours,
      documents.map((d) => ({ ...d })),
    );
    // save() hands out the live postings (the caller snapshots them, a slice at a time when saving to
    // disk) and views of the live vectors; everything goes through copies here, as through the files.
    const saved = save(ours) as unknown as { index: { postings: Record<string, TermPostings> } };
    const snapshots: Record<string, ReturnType<TermPostings["snapshot"]>> = {};
    for (const [field, postings] of Object.entries(saved.index.postings))
      snapshots[field] = await postings.snapshotInSlices(() => Promise.resolve(), 1000);
    const raw = structuredClone({ ...saved, index: { ...saved.index, postings: {} } });
    raw.index.postings = decodePostings(Buffer.concat(encodePostings(snapshots))) as never;
    const restored = newOrama(true);
    load(restored, raw as never);
    for (const query of queries) expect(await fulltext(restored, query)).toEqual(await fulltext(ours, query));
    // Growing a posting that is a view into the loaded bytes, and removing from one.
    const first = documents[0];
    if (!first) throw new Error("no documents");
    for (const db of [ours, restored]) {
      await remove(db, first.id);
      await insertMultiple(db, [{ ...first, id: "new#0" }]);
    }
    for (const query of queries) expect(await fulltext(restored, query)).toEqual(await fulltext(ours, query));
    expect(postingsOf(restored, "text")?.termCount).toBe(postingsOf(ours, "text")?.termCount);
  });

  it("refuses damaged postings data instead of answering from it", () => {
    const postings = new TermPostings();
    postings.add(1, ["a", "b", "a"], 1);
    const bytes = Buffer.concat(encodePostings({ text: postings.snapshot() }));
    expect(() => decodePostings(bytes.subarray(0, bytes.length - 4))).toThrow(/shorter/);
    const longer = Buffer.concat([bytes, Buffer.alloc(4)]);
    expect(() => decodePostings(longer)).toThrow(/longer/);
  });

  it("counts occurrences as Orama does and forgets a term whose last document goes", () => {
    const postings = new TermPostings();
    postings.add(2, ["x", "y", "x"], 1);
    postings.add(1, ["x"], 2);
    expect(postings.occurrences("x")).toBe(3);
    const seen: number[] = [];
    postings.forEach("x", (id) => seen.push(id));
    expect(seen).toEqual([1, 2]);
    postings.remove(2, ["x", "y", "x"], 2);
    expect(postings.occurrences("x")).toBe(1);
    expect(postings.occurrences("y")).toBe(0);
    expect(postings.termCount).toBe(1);
    expect(postings.avgFieldLength).toBe(1);
  });
});
