import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chunkArticle, splitLongSentence } from "../../../src/core/ingest/chunk-article.ts";
import { cleanArticle } from "../../../src/core/ingest/clean-article.ts";
import { countWords } from "../../../src/core/text/sentences.ts";
import { SEEDS_DIR } from "../../helpers/seed-library.ts";

function seedChunks(id: string) {
  const article = cleanArticle(readFileSync(join(SEEDS_DIR, `${id}.txt`), "utf8"));
  return { article, chunks: chunkArticle({ id, ...article }) };
}

const IDS = [
  "000_0738db365ba21cff",
  "001_259d2cb143c2386b",
  "002_f4df3c1bef3c757b",
  "003_1f32e6038646cd85",
  "004_a4fa72199e8d0831",
];

describe("chunkArticle", () => {
  it("cuts the single 6 KB paragraph of 002 into several passages of whole sentences", () => {
    const { chunks } = seedChunks("002_f4df3c1bef3c757b");
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    for (const chunk of chunks) {
      expect(countWords(chunk.text)).toBeLessThanOrEqual(220);
      expect(chunk.text).toMatch(/[.…!?"”]$/u);
    }
  });

  it("keeps every seed passage between 40 and 220 words", () => {
    for (const id of IDS) {
      for (const chunk of seedChunks(id).chunks) {
        const words = countWords(chunk.text);
        expect(words, chunk.id).toBeGreaterThanOrEqual(40);
        expect(words, chunk.id).toBeLessThanOrEqual(220);
      }
    }
  });

  it("loses no sentence and never cuts a number", () => {
    for (const id of IDS) {
      const { article, chunks } = seedChunks(id);
      const joined = chunks.map((chunk) => chunk.text).join(" ");
      for (const number of article.body.match(/\d+(?:[.,/]\d+)*(?:\/[A-Z-]+)?/g) ?? []) {
        expect(joined, `${id}: ${number}`).toContain(number);
      }
      for (const paragraph of article.body.split("\n\n")) {
        const lastWords = paragraph.split(/\s+/).slice(-4).join(" ");
        expect(joined, `${id}: …${lastWords}`).toContain(lastWords);
      }
    }
  });

  it("names chunks <articleId>#<position> and carries the title", () => {
    const { article, chunks } = seedChunks("004_a4fa72199e8d0831");
    chunks.forEach((chunk, position) => {
      expect(chunk.id).toBe(`004_a4fa72199e8d0831#${position}`);
      expect(chunk.articleId).toBe("004_a4fa72199e8d0831");
      expect(chunk.title).toBe(article.title);
    });
  });

  it("overlaps neighbouring passages by at most one short sentence", () => {
    const { chunks } = seedChunks("001_259d2cb143c2386b");
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1]?.text ?? "";
      const firstSentence = chunks[i]?.text.split(/(?<=[.!?…])\s/u)[0] ?? "";
      if (previous.includes(firstSentence)) expect(countWords(firstSentence)).toBeLessThanOrEqual(40);
    }
  });

  it("is deterministic", () => {
    expect(seedChunks("000_0738db365ba21cff").chunks).toEqual(seedChunks("000_0738db365ba21cff").chunks);
  });
});

describe("splitLongSentence", () => {
  it("cuts at semicolons first, then commas, and never inside a number", () => {
    const sentence = Array.from({ length: 30 }, (_, i) => `nhiệm vụ ${i + 1},5 điểm`).join("; ");
    const pieces = splitLongSentence(sentence, 20);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join(" ")).toBe(sentence);
    for (const piece of pieces) expect(countWords(piece)).toBeLessThanOrEqual(20);
  });

  it("falls back to word counts for text without punctuation", () => {
    const pieces = splitLongSentence(Array.from({ length: 50 }, () => "chữ").join(" "), 20);
    expect(pieces.map(countWords)).toEqual([20, 20, 10]);
  });
});
