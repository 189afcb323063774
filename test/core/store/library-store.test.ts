import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { importSeeds, prepareArticle, recleanOutdated } from "../../../src/core/ingest/ingest-article.ts";
import { LibraryStore } from "../../../src/core/store/library-store.ts";
import { SEEDS_DIR, tempDir } from "../../helpers/seed-library.ts";

const dirs: { remove: () => void }[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

function openTemp() {
  const dir = tempDir();
  dirs.push(dir);
  return {
    path: join(dir.path, "library.sqlite"),
    open: () => LibraryStore.open(join(dir.path, "library.sqlite")),
  };
}

const body = (n: number) =>
  `Ngày 1/6, tỉnh tổ chức hội nghị số ${n} về cải cách hành chính với nhiều đại biểu tham dự và thảo luận sôi nổi về nhiệm vụ trọng tâm.`;

describe("LibraryStore", () => {
  it("imports the seeds once: a second and third start add nothing", async () => {
    const temp = openTemp();
    const store = temp.open();
    const first = await importSeeds(store, SEEDS_DIR);
    expect(first.added).toHaveLength(5);
    expect(first.failed).toEqual([]);
    const seq = store.changeSeq();
    store.close();

    for (let restart = 0; restart < 2; restart++) {
      const reopened = temp.open();
      const again = await importSeeds(reopened, SEEDS_DIR);
      expect(again.added).toEqual([]);
      expect(reopened.countArticles()).toBe(5);
      expect(reopened.changeSeq()).toBe(seq);
      reopened.close();
    }
  });

  it("keeps seed ids and metadata", async () => {
    const store = openTemp().open();
    await importSeeds(store, SEEDS_DIR);
    const article = store.getArticle("004_a4fa72199e8d0831");
    expect(article?.title).toBe("Chỉ đạo quyết liệt thúc đẩy công tác cải cách hành chính");
    expect(article?.date).toEqual({ year: 2022, month: 11, day: 25 });
    expect(article?.author).toBe("Thanh Tuấn");
    expect(article?.origin).toBe("seed");
    expect(store.listArticles().map((a) => a.id)).toEqual([
      "000_0738db365ba21cff",
      "001_259d2cb143c2386b",
      "002_f4df3c1bef3c757b",
      "003_1f32e6038646cd85",
      "004_a4fa72199e8d0831",
    ]);
    store.close();
  });

  it("recognises the same article under another name by its content", async () => {
    const store = openTemp().open();
    const text = `Tin một\n\n${body(1)}`;
    const first = store.addArticle(
      await prepareArticle({ bytes: Buffer.from(text), origin: "upload", originalName: "a.txt" }),
    );
    const second = store.addArticle(
      await prepareArticle({ bytes: Buffer.from(`${text}\n\n`), origin: "upload", originalName: "b.txt" }),
    );
    expect(first.added).toBe(true);
    expect(second.added).toBe(false);
    expect(second.article.id).toBe(first.article.id);
    expect(store.countArticles()).toBe(1);
    store.close();
  });

  it("logs every addition, update and removal, with who made it, in the same transaction", async () => {
    const store = openTemp().open();
    expect(store.changeSeq()).toBe(0);
    const prepared = await prepareArticle({ bytes: Buffer.from(`Tin hai\n\n${body(2)}`), origin: "cli" });
    const { article, auditId } = store.addArticle(prepared, { actor: "cli" });
    expect(store.changesSince(0)).toEqual({ seq: 1, articleIds: [article.id] });
    const newer = await prepareArticle({ bytes: Buffer.from(`Tin hai\n\n${body(3)}`), origin: "cli" });
    store.updateArticle({ ...newer, id: article.id }, { actor: "admin" });
    expect(store.removeArticle(article.id, { actor: "admin" })?.article.id).toBe(article.id);
    expect(store.removeArticle(article.id)).toBeNull();
    expect(store.changesSince(1)).toEqual({ seq: 3, articleIds: [article.id] });
    expect(store.changesSince(3)).toEqual({ seq: 3, articleIds: [] });
    expect(store.auditLog().map((entry) => [entry.action, entry.actor])).toEqual([
      ["remove", "admin"],
      ["update", "admin"],
      ["add", "cli"],
    ]);
    // What an update or removal replaced is kept, so that it can be undone.
    expect(store.auditLog()[1]?.previous?.rawText).toBe(`Tin hai\n\n${body(2)}`);
    expect(store.auditEntry(auditId ?? -1)?.contentHash).toBe(prepared.contentHash);
    expect(store.wasRemoved(article.id)).toBe(true);
    expect(store.articlesByLog()).toBe(store.countArticles());
    store.close();
  });

  it("backs up a consistent copy while in use", async () => {
    const temp = openTemp();
    const store = temp.open();
    await importSeeds(store, SEEDS_DIR);
    const copy = `${temp.path}.backup`;
    await store.backup(copy);
    const restored = LibraryStore.open(copy);
    expect(restored.countArticles()).toBe(5);
    expect(restored.libraryId).toBe(store.libraryId);
    restored.close();
    store.close();
  });

  it("refuses a database written by a newer version", () => {
    const temp = openTemp();
    const store = temp.open();
    (store as unknown as { db: { pragma: (s: string) => void } }).db.pragma("user_version = 99");
    store.close();
    expect(() => temp.open()).toThrow(/newer than this program/);
  });

  it("leaves an article as it is when cleaning it again would duplicate another or empty it", async () => {
    const store = openTemp().open();
    const a = store.addArticle(
      await prepareArticle({ bytes: Buffer.from(`Bản tin số một\n\n${body(1)}`), origin: "cli" }),
    ).article;
    const b = store.addArticle(
      await prepareArticle({ bytes: Buffer.from(`Bản tin số hai\n\n${body(2)}`), origin: "cli" }),
    ).article;
    const c = store.addArticle(
      await prepareArticle({ bytes: Buffer.from(`Bản tin số ba\n\n${body(3)}`), origin: "cli" }),
    ).article;
    const update = store.database.prepare(
      "UPDATE articles SET raw_text = ?, cleaner_version = 'old' WHERE id = ?",
    );
    update.run(`Bản tin số một\n\n${body(2)}`, a.id); // would become a copy of B
    update.run("Tin liên quan", c.id); // would become empty
    const report = recleanOutdated(store);
    expect(report.recleaned).toEqual([]);
    expect(report.kept).toEqual(
      [
        { id: a.id, reason: `same content as ${b.id}` },
        { id: c.id, reason: "EMPTY_ARTICLE" },
      ].sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
    expect(store.getArticle(a.id)?.body).toBe(a.body);
    store.close();
  });
});
