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
    const fingerprint = store.fingerprint();
    store.close();

    for (let restart = 0; restart < 2; restart++) {
      const reopened = temp.open();
      const again = await importSeeds(reopened, SEEDS_DIR);
      expect(again.added).toEqual([]);
      expect(reopened.countArticles()).toBe(5);
      expect(reopened.fingerprint()).toBe(fingerprint);
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

  it("changes its fingerprint when an article is added or removed", async () => {
    const store = openTemp().open();
    const empty = store.fingerprint();
    const { article } = store.addArticle(
      await prepareArticle({ bytes: Buffer.from(`Tin hai\n\n${body(2)}`), origin: "cli" }),
    );
    expect(store.fingerprint()).not.toBe(empty);
    expect(store.removeArticle(article.id)).toBe(true);
    expect(store.fingerprint()).toBe(empty);
    expect(store.removeArticle(article.id)).toBe(false);
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
