import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareArticle } from "../../../src/core/ingest/ingest-article.ts";
import { loadIndex, saveIndex } from "../../../src/core/search/index-files.ts";
import { createLocalEmbedder } from "../../../src/core/search/local-embedder.ts";
import { SearchIndex } from "../../../src/core/search/search-index.ts";
import type { Article } from "../../../src/core/store/library-store.ts";
import {
  countingEmbedder,
  lexicon,
  openSeedLibrary,
  recordingLogger,
  tempDir,
} from "../../helpers/seed-library.ts";

const embedder = createLocalEmbedder(lexicon);
const deps = { embedder, lexicon };

async function article(id: string, title: string, body: string): Promise<Article> {
  const prepared = await prepareArticle({ bytes: Buffer.from(`${title}\n\n${body}`), id, origin: "cli" });
  return { ...prepared, addedAt: "2024-01-01T00:00:00.000Z" };
}

const filler =
  "Hội nghị có sự tham dự của đại diện các sở, ban, ngành và địa phương trong tỉnh, cùng nhiều đại biểu khách mời theo dõi trực tuyến.";
const ARTICLES = await Promise.all([
  article(
    "a",
    "Ủy ban nhân dân tỉnh họp thường kỳ",
    `Ủy ban nhân dân tỉnh họp phiên thường kỳ tháng 6 để bàn về kinh tế. ${filler}`,
  ),
  article(
    "b",
    "Hội đồng nhân dân thành phố khai mạc kỳ họp",
    `Hội đồng nhân dân thành phố khai mạc kỳ họp thứ 12 về ngân sách. ${filler}`,
  ),
  article(
    "c",
    "Văn bản chỉ đạo về tinh giản biên chế",
    `Văn bản số 5894/BNV-VP yêu cầu tinh giản biên chế giai đoạn 2021-2026 ít nhất 5%. ${filler}`,
  ),
  article(
    "d",
    "Hành trình số hóa",
    `Hành trình số hóa dữ liệu dân cư được đẩy nhanh với 79,5 triệu thẻ căn cước. ${filler}`,
  ),
]);

const source = (changeSeq: number) => ({ libraryId: "library-test", changeSeq });

describe("SearchIndex (Vietnamese hybrid search)", () => {
  let index: SearchIndex;
  beforeAll(async () => {
    index = await SearchIndex.build(ARTICLES, deps, source(1));
  });

  const searchIds = async (query: string, mode: "hybrid" | "fulltext" = "hybrid") => {
    const [vector] = await embedder.embed([query]);
    return (await index.search(query, { mode }, vector ?? null)).map((hit) => hit.articleId);
  };

  it("finds an abbreviation's long form and the long form's abbreviation", async () => {
    expect((await searchIds("UBND tỉnh họp", "fulltext"))[0]).toBe("a");
    expect((await searchIds("HĐND thành phố", "fulltext"))[0]).toBe("b");
  });

  it("finds accented text from an unaccented query", async () => {
    expect((await searchIds("tinh gian bien che", "fulltext"))[0]).toBe("c");
    expect((await searchIds("so hoa du lieu dan cu", "fulltext"))[0]).toBe("d");
  });

  it("finds document codes, ranges and decimal numbers", async () => {
    expect((await searchIds("5894/BNV-VP", "fulltext"))[0]).toBe("c");
    expect((await searchIds("văn bản 5894", "fulltext"))[0]).toBe("c");
    expect((await searchIds("2021-2026", "fulltext"))[0]).toBe("c");
    expect((await searchIds("79,5 triệu", "fulltext"))[0]).toBe("d");
  });

  it("does not match query syllables as prefixes of longer ones", async () => {
    // "hà" must not find "hành trình" or "hành" through prefix matching.
    expect(await searchIds("hà", "fulltext")).toEqual([]);
  });

  it("keeps vectors across searches, so articles can be removed and added again", async () => {
    for (let i = 0; i < 3; i++) await searchIds("số hóa", "hybrid");
    const [vector] = await embedder.embed(["số hóa dữ liệu"]);
    const before = await index.search("số hóa dữ liệu", {}, vector ?? null);
    expect(before[0]?.cosine ?? 0).toBeGreaterThan(0.1);
    expect(index.removeArticle("d")).toBeGreaterThan(0);
    expect(index.vectorCount).toBe(index.size);
    expect(await searchIds("số hóa dữ liệu", "fulltext")).not.toContain("d");
    expect(await searchIds("số hóa dữ liệu", "hybrid")).not.toContain("d");
    const vectorOnly = await index.search("số hóa dữ liệu", { mode: "vector" }, vector ?? null);
    expect(vectorOnly.length).toBeGreaterThan(0);
    expect(vectorOnly.map((hit) => hit.articleId)).not.toContain("d");
    await index.addArticles([ARTICLES[3] as Article]);
    const after = await index.search("số hóa dữ liệu", {}, vector ?? null);
    expect(after[0]?.articleId).toBe("d");
    expect(after[0]?.cosine).toBeCloseTo(before[0]?.cosine ?? 0, 6);
  });

  it("orders equal scores by chunk id, so results are stable", async () => {
    const first = await index.search("hội nghị", { mode: "fulltext" });
    const second = await index.search("hội nghị", { mode: "fulltext" });
    expect(second).toEqual(first);
  });
});

describe("index persistence", () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const indexDir = join(dir.path, "index");
  const queries = ["UBND tỉnh họp", "tinh gian bien che 5%", "79,5 triệu thẻ căn cước", "hội nghị"];

  async function results(index: SearchIndex) {
    const out = [];
    for (const query of queries) {
      const [vector] = await embedder.embed([query]);
      out.push(await index.search(query, {}, vector ?? null));
    }
    return out;
  }

  it("restores an index that answers exactly like the one saved, vectors included", async () => {
    const built = await SearchIndex.build(ARTICLES, deps, source(1));
    await saveIndex(built, indexDir);
    const loaded = await loadIndex(indexDir, deps);
    if (!loaded.ok) throw new Error(loaded.detail);
    expect(loaded.index.manifest.embedderId).toBe(embedder.id);
    expect(loaded.index.manifest.chunkCount).toBe(built.size);
    expect(await results(loaded.index)).toEqual(await results(built));
    // The restored vectors keep the bound on what reaches the hybrid merge.
    const [vector] = await embedder.embed(["hội đồng nhân dân kỳ họp"]);
    loaded.index.mergeCandidates = 1;
    expect(await loaded.index.search("hội đồng", { mode: "vector" }, vector)).toHaveLength(1);
    loaded.index.mergeCandidates = null;
    expect((await loaded.index.search("hội đồng", { mode: "vector" }, vector)).length).toBeGreaterThan(1);
    // Removing an article still works on a restored index (its chunk ids were persisted).
    expect(loaded.index.removeArticle("c")).toBeGreaterThan(0);
    expect(loaded.index.vectorCount).toBe(loaded.index.size);
  });

  it("refuses an index built by another embedder, or damaged", async () => {
    const other = { embedder: createLocalEmbedder(lexicon, 64), lexicon };
    expect(await loadIndex(indexDir, other)).toMatchObject({ ok: false, reason: "outdated" });
    expect(await loadIndex(join(dir.path, "nowhere"), deps)).toMatchObject({
      ok: false,
      reason: "missing",
    });

    const generation = readFileSync(join(indexDir, "CURRENT"), "utf8");
    const vectors = join(indexDir, generation, "vectors.bin");
    const bytes = readFileSync(vectors);
    // Bytes appended after the data the manifest describes are damage too.
    writeFileSync(vectors, Buffer.concat([bytes, Buffer.from([0, 0, 0, 0])]));
    expect(await loadIndex(indexDir, deps)).toMatchObject({ ok: false, reason: "corrupt" });
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    writeFileSync(vectors, bytes);
    expect(await loadIndex(indexDir, deps)).toMatchObject({ ok: false, reason: "corrupt" });
  });

  it("replaces the previous generation atomically, keeps one earlier generation and no temporary files", async () => {
    const index = await SearchIndex.build(ARTICLES.slice(0, 2), deps, source(3));
    const swapDir = join(dir.path, "swap");
    expect(await saveIndex(index, swapDir)).toBe("saved");
    // Nothing new since the live generation: nothing is written.
    expect(await saveIndex(index, swapDir)).toBe("superseded");
    for (const seq of [4, 5]) {
      index.markSynced(seq);
      expect(await saveIndex(index, swapDir)).toBe("saved");
    }
    const entries = readdirSync(swapDir);
    expect(entries).toHaveLength(3); // CURRENT, the live generation and the one before it
    expect(entries.some((entry) => entry.endsWith(".tmp"))).toBe(false);
    const loaded = await loadIndex(swapDir, deps);
    expect(loaded.ok && loaded.index.manifest.changeSeq).toBe(5);
  });

  it("never replaces a saved index by one that has seen fewer of the store's changes", async () => {
    const raceDir = join(dir.path, "race");
    const newer = await SearchIndex.build(ARTICLES, deps, source(9));
    const older = await SearchIndex.build(ARTICLES.slice(0, 1), deps, source(7));
    expect(await saveIndex(newer, raceDir)).toBe("saved");
    expect(await saveIndex(older, raceDir)).toBe("superseded");
    const loaded = await loadIndex(raceDir, deps);
    expect(loaded.ok && loaded.index.manifest).toMatchObject({ changeSeq: 9, articleCount: ARTICLES.length });
    // Saved at the same moment, the one with more changes wins whatever the order of completion.
    const saves = [11, 12].map(async (seq, i) =>
      saveIndex(await SearchIndex.build(ARTICLES.slice(0, 2 + i), deps, source(seq)), raceDir),
    );
    await Promise.all(saves);
    const final = await loadIndex(raceDir, deps);
    expect(final.ok ? final.index.manifest.changeSeq : final).toBe(12);
  });
});

describe("Library index lifecycle", () => {
  it("rebuilds a corrupt index with a warning, and answers exactly as before", async () => {
    const first = await openSeedLibrary();
    const question = "Chỉ số PAR INDEX 2023 của Quảng Bình là bao nhiêu?";
    const before = await first.library.ask(question);
    await first.closeKeepingData();

    const current = readFileSync(join(first.dataDir, "index", "CURRENT"), "utf8");
    writeFileSync(join(first.dataDir, "index", current, "orama.json"), "{ truncated");
    const logger = recordingLogger();
    const second = await openSeedLibrary({ dataDir: first.dataDir, logger });
    expect(
      logger.records.some(
        (r) => r.level === "warn" && (r.fields as { reason?: string }).reason === "corrupt",
      ),
    ).toBe(true);
    expect(await second.library.ask(question)).toEqual(before);
    await second.close();
  });

  it("loads the saved index on restart instead of re-embedding", async () => {
    const first = await openSeedLibrary();
    await first.closeKeepingData();
    const counting = countingEmbedder(embedder);
    const second = await openSeedLibrary({ dataDir: first.dataDir, embedder: counting });
    expect(counting.count()).toBe(0);
    expect(second.library.stats().chunks).toBeGreaterThan(20);
    await second.close();
  });
});
