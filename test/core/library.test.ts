import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateQuestion } from "../../src/core/library.ts";
import type { Embedder } from "../../src/core/search/embedder.ts";
import { createLocalEmbedder } from "../../src/core/search/local-embedder.ts";
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
