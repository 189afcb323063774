import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prepareArticle } from "../../src/core/ingest/ingest-article.ts";
import { validateQuestion } from "../../src/core/library.ts";
import type { Embedder } from "../../src/core/search/embedder.ts";
import { createLocalEmbedder } from "../../src/core/search/local-embedder.ts";
import { StoreUnreadableError } from "../../src/core/store/database.ts";
import { LibraryStore } from "../../src/core/store/library-store.ts";
import { StoreLostError } from "../../src/core/store/store-integrity.ts";
import { asyncErrorCodeOf, errorCodeOf as codeOf } from "../helpers/errors.ts";
import {
  countingEmbedder,
  lexicon,
  openSeedLibrary,
  recordingLogger,
  tempDir,
} from "../helpers/seed-library.ts";

describe("questions", () => {
  it("refuses empty and over-long questions with a member-facing message", () => {
    expect(codeOf(() => validateQuestion(""))).toBe("EMPTY_QUESTION");
    expect(codeOf(() => validateQuestion(" \n\t "))).toBe("EMPTY_QUESTION");
    expect(codeOf(() => validateQuestion("cải cách ".repeat(1250)))).toBe("QUESTION_TOO_LONG");
    expect(validateQuestion("  Chỉ   số\nPAPI? ")).toBe("Chỉ số PAPI?");
  });

  it("answers a question of symbols only without crashing", async () => {
    const seeded = await openSeedLibrary();
    const answer = await seeded.library.ask("??? !!! ...");
    expect(answer.abstained).toBe(true);
    await seeded.close();
  });
});

describe("Library", () => {
  const local = createLocalEmbedder(lexicon);
  let failQueries = false;
  // The same vectors as the local embedder, but query embedding can be made to fail like a down endpoint.
  const flaky: Embedder = {
    id: local.id,
    dimensions: local.dimensions,
    embed: async (texts) => {
      if (failQueries) throw new Error("connect ECONNREFUSED 127.0.0.1:9");
      return local.embed(texts);
    },
  };
  const logger = recordingLogger();
  let seeded: Awaited<ReturnType<typeof openSeedLibrary>>;
  beforeAll(async () => {
    seeded = await openSeedLibrary({ embedder: flaky, logger });
  });
  afterAll(() => seeded.close());

  it("reports what it knows", () => {
    expect(seeded.library.stats()).toMatchObject({
      articles: 5,
      firstDate: "2022-11-25",
      lastDate: "2023-04-19",
    });
  });

  it("falls back to full-text search when the question cannot be embedded", async () => {
    failQueries = true;
    const answer = await seeded.library.ask("Đã cấp bao nhiêu thẻ căn cước công dân gắn chíp?");
    failQueries = false;
    expect(answer.parts[0]?.text).toContain("79,5 triệu");
    expect(answer.hits.every((hit) => hit.cosine === null)).toBe(true);
    expect(logger.records.some((r) => r.level === "warn" && /full-text only/.test(r.message ?? ""))).toBe(
      true,
    );
  });
});

describe("adding and removing articles", () => {
  const article = (n: number) =>
    Buffer.from(
      `Hội nghị cải cách hành chính huyện số ${n}\n\nSáng 2/6, huyện số ${n} tổng kết công tác cải cách hành chính với chỉ số đạt ${80 + n},5 điểm, tăng ${n} bậc so với năm trước theo báo cáo của Ủy ban nhân dân huyện.`,
    );

  it("makes articles searchable at once, keeps duplicates out, and keeps every change across a restart", async () => {
    const first = await openSeedLibrary();
    const added = await Promise.all(
      [1, 2, 3].map((n) => first.library.addDocument({ bytes: article(n), origin: "upload", actor: "test" })),
    );
    expect(added.map((result) => result.status)).toEqual(["added", "added", "added"]);
    expect(added[0]?.passages).toBe(1);
    const again = await first.library.addDocument({
      bytes: article(2),
      origin: "upload",
      originalName: "copy.txt",
    });
    expect(again).toMatchObject({
      status: "duplicate",
      auditId: null,
      article: { id: added[1]?.article.id },
    });
    expect(renderText(await first.library.ask("huyện số 3 đạt bao nhiêu điểm"))).toContain("83,5 điểm");
    expect(await first.library.removeArticle(added[0]?.article.id ?? "", "test")).not.toBeNull();
    expect(await first.library.removeArticle("no-such-article")).toBeNull();
    await first.closeKeepingData();

    const logger = recordingLogger();
    const counting = countingEmbedder(createLocalEmbedder(lexicon));
    const second = await openSeedLibrary({ dataDir: first.dataDir, logger, embedder: counting });
    // The saved index matches the store: nothing to rebuild or reconcile.
    expect(counting.count()).toBe(0);
    expect(second.library.stats()).toMatchObject({ articles: 7, chunks: second.library.searchIndex.size });
    expect(renderText(await second.library.ask("huyện số 2 đạt bao nhiêu điểm"))).toContain("82,5 điểm");
    expect(second.store.auditLog(10).map((entry) => [entry.action, entry.actor])).toEqual([
      ["remove", "test"],
      ["add", "test"],
      ["add", "test"],
      ["add", "test"],
      ...Array.from({ length: 5 }, () => ["add", "seeds"]),
    ]);
    await second.close();
  });

  it("updates the article published at the same URL (same id) and can undo the update", async () => {
    const seeded = await openSeedLibrary();
    const url = "https://cchc.example.gov.vn/tin/hoi-nghi-huyen";
    const first = await seeded.library.addDocument({ bytes: article(4), origin: "upload", url });
    const second = await seeded.library.addDocument({ bytes: article(5), origin: "upload", url });
    expect(second).toMatchObject({ status: "updated", article: { id: first.article.id } });
    expect(seeded.library.stats().articles).toBe(6);
    expect(renderText(await seeded.library.ask("huyện số 5 đạt bao nhiêu điểm"))).toContain("85,5 điểm");
    expect(renderText(await seeded.library.ask("huyện số 4 đạt bao nhiêu điểm"))).not.toContain("84,5");

    const undone = await seeded.library.undo(second.auditId ?? -1, "test");
    expect(undone.action).toBe("update");
    expect(seeded.library.article(first.article.id)?.contentHash).toBe(first.article.contentHash);
    expect(renderText(await seeded.library.ask("huyện số 4 đạt bao nhiêu điểm"))).toContain("84,5 điểm");
    // The same undo twice: the article is no longer what that update made.
    expect(await asyncErrorCodeOf(() => seeded.library.undo(second.auditId ?? -1, "test"))).toBe(
      "UNDO_STALE",
    );
    await seeded.close();
  });

  it("undoes an addition and a removal", async () => {
    const seeded = await openSeedLibrary();
    const added = await seeded.library.addDocument({ bytes: article(6), origin: "upload" });
    await seeded.library.undo(added.auditId ?? -1, "admin");
    expect(seeded.library.article(added.article.id)).toBeNull();
    expect((await seeded.library.ask("huyện số 6 đạt bao nhiêu điểm")).abstained).toBe(true);

    const removed = await seeded.library.removeArticle("001_259d2cb143c2386b", "admin");
    expect(renderText(await seeded.library.ask("PAR INDEX 2023 Quảng Bình"))).not.toContain("86,06");
    await seeded.library.undo(removed?.auditId ?? -1, "admin");
    expect(renderText(await seeded.library.ask("PAR INDEX 2023 Quảng Bình"))).toContain("86,06");
    expect(await asyncErrorCodeOf(() => seeded.library.undo(999_999, "admin"))).toBe("NOTHING_TO_UNDO");
    await seeded.close();
  });

  it("keeps a removed seed removed across restarts", async () => {
    const first = await openSeedLibrary();
    await first.library.removeArticle("003_1f32e6038646cd85", "admin");
    await first.closeKeepingData();
    const second = await openSeedLibrary({ dataDir: first.dataDir });
    expect(second.seeds?.removed).toEqual(["003_1f32e6038646cd85"]);
    expect(second.library.article("003_1f32e6038646cd85")).toBeNull();
    expect(second.library.stats().articles).toBe(4);
    await second.close();
  });
});

describe("one library, several processes", () => {
  const article = (n: number) =>
    Buffer.from(
      `Sở Nội vụ tỉnh thứ ${n} báo cáo cải cách hành chính\n\nNgày 3/7, Sở Nội vụ tỉnh thứ ${n} cho biết đã cắt giảm ${n * 7} thủ tục hành chính và số hóa ${n * 11} hồ sơ trong quý II theo kế hoạch của Ủy ban nhân dân tỉnh.`,
    );

  it("sees what another process adds or removes, without a restart", async () => {
    const bot = await openSeedLibrary();
    const cli = await openSeedLibrary({ dataDir: bot.dataDir });
    const { article: added } = await cli.library.addDocument({
      bytes: article(1),
      origin: "cli",
      actor: "cli",
    });
    await cli.library.removeArticle("000_0738db365ba21cff", "cli");
    expect(bot.library.article(added.id)?.id).toBe(added.id);
    expect((await bot.library.ask("Sở Nội vụ tỉnh thứ 1 cắt giảm bao nhiêu thủ tục")).abstained).toBe(true);

    const stop = bot.library.follow(20);
    await vi.waitFor(() => expect(bot.library.stats().chunks).toBe(cli.library.stats().chunks), {
      timeout: 3000,
    });
    stop();
    expect(renderText(await bot.library.ask("Sở Nội vụ tỉnh thứ 1 cắt giảm bao nhiêu thủ tục"))).toContain(
      "7 thủ tục",
    );
    const hits = await bot.library.search("VNeID định danh điện tử", { limit: 50 });
    expect(hits.map((hit) => hit.articleId)).not.toContain("000_0738db365ba21cff");
    await cli.closeKeepingData();
    await bot.close();
  });

  it("reconciles an index that missed changes (a crash between store and index) without rebuilding", async () => {
    const first = await openSeedLibrary();
    await first.closeKeepingData();
    // Written to the store by a process that died before its index was saved.
    const store = LibraryStore.open(join(first.dataDir, "library.sqlite"));
    store.addArticle(await prepareArticle({ bytes: article(2), origin: "cli" }), { actor: "cli" });
    store.removeArticle("002_f4df3c1bef3c757b", { actor: "cli" });
    store.close();

    const counting = countingEmbedder(createLocalEmbedder(lexicon));
    const logger = recordingLogger();
    const second = await openSeedLibrary({ dataDir: first.dataDir, embedder: counting, logger });
    expect(counting.count()).toBe(1); // the one new passage, nothing else
    const reconciled = logger.records.find((r) => r.message === "search index reconciled with the store");
    expect(reconciled?.fields).toEqual({ indexed: 1, removed: 1 });
    expect(renderText(await second.library.ask("Sở Nội vụ tỉnh thứ 2 số hóa bao nhiêu hồ sơ"))).toContain(
      "22 hồ sơ",
    );
    await second.close();
  });

  it("refuses to start on a lost, emptied or unreadable store, and keeps the saved index", async () => {
    const first = await openSeedLibrary();
    await first.library.addDocument({ bytes: article(3), origin: "upload" });
    await first.closeKeepingData();
    const storePath = join(first.dataDir, "library.sqlite");
    const indexDir = join(first.dataDir, "index");
    const generation = readFileSync(join(indexDir, "CURRENT"), "utf8");

    renameSync(storePath, `${storePath}.moved`);
    for (const suffix of ["-wal", "-shm"]) rmSync(`${storePath}${suffix}`, { force: true });
    await expect(openSeedLibrary({ dataDir: first.dataDir })).rejects.toThrow(StoreLostError);
    // Refused again on the next start (the empty file it found is not mistaken for the library).
    await expect(openSeedLibrary({ dataDir: first.dataDir })).rejects.toThrow(/npm run backup/);
    expect(readFileSync(join(indexDir, "CURRENT"), "utf8")).toBe(generation);
    expect(existsSync(join(indexDir, generation, "manifest.json"))).toBe(true);

    rmSync(storePath, { force: true });
    for (const suffix of ["-wal", "-shm"]) rmSync(`${storePath}${suffix}`, { force: true });
    renameSync(`${storePath}.moved`, storePath);
    const emptied = LibraryStore.open(storePath);
    emptied.database.exec("DELETE FROM articles");
    emptied.close();
    await expect(openSeedLibrary({ dataDir: first.dataDir })).rejects.toThrow(/nhật ký thay đổi ghi 6 bài/);

    writeFileSync(storePath, Buffer.from("this is not a database ".repeat(400)));
    for (const suffix of ["-wal", "-shm"]) rmSync(`${storePath}${suffix}`, { force: true });
    await expect(openSeedLibrary({ dataDir: first.dataDir })).rejects.toThrow(StoreUnreadableError);
    expect(readFileSync(join(indexDir, "CURRENT"), "utf8")).toBe(generation);
    rmSync(first.dataDir, { recursive: true, force: true });
  });

  it("saves a burst of its own changes once, and leaves what it only followed to the process that made it", async () => {
    const logger = recordingLogger();
    const saves = () =>
      logger.records.filter(
        (r) => r.message === "search index saved" && (r.fields as { result?: string }).result === "saved",
      ).length;
    const bot = await openSeedLibrary({ logger, persistDelayMs: 30 });
    const atOpen = saves();
    for (let n = 10; n < 20; n++) await bot.library.addDocument({ bytes: article(n), origin: "upload" });
    await vi.waitFor(() => expect(saves()).toBe(atOpen + 1));

    const cli = await openSeedLibrary({ dataDir: bot.dataDir });
    await cli.library.addDocument({ bytes: article(30), origin: "cli" });
    await bot.library.sync();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(saves()).toBe(atOpen + 1);
    await cli.closeKeepingData();
    await bot.close();
  });

  it("never writes the index when opened read-only", async () => {
    const dir = tempDir();
    const seeded = await openSeedLibrary({ dataDir: dir.path, readOnly: true });
    expect(seeded.library.stats().articles).toBe(5);
    await seeded.close();
    expect(existsSync(join(dir.path, "index"))).toBe(false);
    dir.remove();
  });
});

function renderText(answer: { parts: { text: string }[] }): string {
  return answer.parts.map((part) => part.text).join("\n");
}

describe("cleaner upgrades", () => {
  it("cleans stored articles again when the cleaner changed, keeping ids and added dates", async () => {
    const first = await openSeedLibrary();
    const id = "001_259d2cb143c2386b";
    const before = first.library.article(id);
    await first.closeKeepingData();

    // What an older cleaner might have left: furniture in the body, another title.
    const store = LibraryStore.open(join(first.dataDir, "library.sqlite"));
    store.database
      .prepare(
        "UPDATE articles SET body = body || '\n\nLượt xem: 374\n\nTin liên quan', title = 'cũ', cleaner_version = 'clean-v0' WHERE id = ?",
      )
      .run(id);
    store.close();

    const logger = recordingLogger();
    const second = await openSeedLibrary({ dataDir: first.dataDir, logger });
    const after = second.library.article(id);
    expect(after?.title).toBe(before?.title);
    expect(after?.body).toBe(before?.body);
    expect(after?.addedAt).toBe(before?.addedAt);
    expect(logger.records.some((r) => r.message?.includes("cleaned again"))).toBe(true);
    expect(renderText(await second.library.ask("PAR INDEX 2023 Quảng Bình"))).toContain("86,06");
    await second.close();
  });
});
