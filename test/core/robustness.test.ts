import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../src/bench/synthetic-corpus.ts";
import { renderAnswerMessages } from "../../src/bot/render.ts";
import { isCchcError } from "../../src/core/errors.ts";
import { prepareArticle } from "../../src/core/ingest/ingest-article.ts";
import { openSeedLibrary } from "../helpers/seed-library.ts";
import { validateTelegramHtml } from "../helpers/telegram-html.ts";

// Odd but possible input: emoji, markup, scripts, control characters, decomposed accents, long runs.
const PIECES = [
  "cải cách",
  "CCHC",
  "<b>",
  "&amp;",
  "😀",
  "\u0301",
  "\u200b",
  "'; DROP TABLE articles; --",
  "[1]",
  "86,06",
  "5894/BNV-VP",
  "مرحبا",
  "漢字",
  "\t",
  "\n",
  "a".repeat(300),
  "?",
  "…",
  "%",
  "@cchc_test_bot",
  "Đà Nẵng",
];

let seeded: Awaited<ReturnType<typeof openSeedLibrary>>;
beforeAll(async () => {
  seeded = await openSeedLibrary();
});
afterAll(() => seeded.close());

describe("odd input", () => {
  it("never crashes a question: an answer, an abstention or a member-facing error, always renderable", async () => {
    const random = seededRandom(7);
    for (let i = 0; i < 150; i++) {
      const question = Array.from(
        { length: 1 + Math.floor(random() * 8) },
        () => PIECES[Math.floor(random() * PIECES.length)],
      ).join(random() < 0.5 ? " " : "");
      try {
        const answer = await seeded.library.ask(question);
        for (const message of renderAnswerMessages(answer))
          expect(validateTelegramHtml(message), question).toBeNull();
        for (const part of answer.parts)
          for (const n of part.citations) expect(answer.citations.map((c) => c.n)).toContain(n);
      } catch (error) {
        expect(isCchcError(error), `${question}: ${String(error)}`).toBe(true);
      }
    }
  });

  it("never crashes ingestion of random bytes or random text", async () => {
    const random = seededRandom(11);
    for (let i = 0; i < 60; i++) {
      const bytes =
        i % 2 === 0
          ? Uint8Array.from({ length: Math.floor(random() * 3000) }, () => Math.floor(random() * 256))
          : Buffer.from(
              Array.from({ length: 200 }, () => PIECES[Math.floor(random() * PIECES.length)]).join(" "),
            );
      try {
        const article = await prepareArticle({ bytes, origin: "cli" });
        expect(article.body.length).toBeGreaterThan(0);
      } catch (error) {
        expect(isCchcError(error), String(error)).toBe(true);
      }
    }
  });
});
