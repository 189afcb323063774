import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateQuestion } from "../../src/core/library.ts";
import type { Embedder } from "../../src/core/search/embedder.ts";
import { createLocalEmbedder } from "../../src/core/search/local-embedder.ts";
import { LibraryStore } from "../../src/core/store/library-store.ts";
import { errorCodeOf as codeOf } from "../helpers/errors.ts";
import { lexicon, openSeedLibrary, recordingLogger } from "../helpers/seed-library.ts";

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
    seeded.close();
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

  it("makes articles searchable at once, keeps duplicates out, and saves every change", async () => {
    const first = await openSeedLibrary();
    const added = await Promise.all(
      [1, 2, 3].map((n) => first.library.addArticle({ bytes: article(n), origin: "upload" })),
    );
    expect(added.every((result) => result.added)).toBe(true);
    const again = await first.library.addArticle({
      bytes: article(2),
      origin: "upload",
      originalName: "copy.txt",
    });
    expect(again).toMatchObject({ added: false, article: { id: added[1]?.article.id } });
    expect(renderText(await first.library.ask("huyện số 3 đạt bao nhiêu điểm"))).toContain("83,5 điểm");
    expect(await first.library.removeArticle(added[0]?.article.id ?? "")).toBe(true);
    expect(await first.library.removeArticle("no-such-article")).toBe(false);
    first.closeKeepingData();

    const logger = recordingLogger();
    const second = await openSeedLibrary({ dataDir: first.dataDir, logger });
    // The saved index matches the store: nothing to rebuild.
    expect(logger.records.filter((r) => r.message?.includes("rebuilding"))).toEqual([]);
    expect(second.library.stats().articles).toBe(7);
    expect(renderText(await second.library.ask("huyện số 2 đạt bao nhiêu điểm"))).toContain("82,5 điểm");
    second.close();
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
    first.closeKeepingData();

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
    second.close();
  });
});
