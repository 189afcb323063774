import { describe, expect, it } from "vitest";
import { escapeHtml, renderAnswerMessages, splitMessages } from "../../src/bot/render.ts";
import { htmlToPlain } from "../../src/bot/send.ts";
import type { Answer } from "../../src/core/answer/answer.ts";
import { validateTelegramHtml } from "../helpers/telegram-html.ts";

function answer(parts: string[], overrides: Partial<Answer> = {}): Answer {
  return {
    question: "q",
    mode: "search-only",
    language: "vi",
    abstained: false,
    parts: parts.map((text) => ({ text, citations: [1] })),
    citations: [
      {
        n: 1,
        articleId: "a",
        title: 'Tin <b>"đặc biệt"</b> & mới',
        date: "03/02/2023",
        url: "https://example.vn/tin?a=1&b=2",
        site: "example.vn",
        chunkId: "a#0",
        chunkIds: ["a#0"],
      },
    ],
    hits: [],
    note: null,
    relevance: 0.9,
    ...overrides,
  };
}

describe("Telegram rendering", () => {
  it("escapes every dynamic string and links sources", () => {
    const [html] = renderAnswerMessages(answer(["Giá trị < 5 & > 3, thẻ <script>alert(1)</script> 🎉 [x]"]));
    expect(validateTelegramHtml(html ?? "")).toBeNull();
    expect(html).toContain(
      "Giá trị &lt; 5 &amp; &gt; 3, thẻ &lt;script&gt;alert(1)&lt;/script&gt; 🎉 [x] [1]",
    );
    expect(html).toContain(
      '<a href="https://example.vn/tin?a=1&amp;b=2">Tin &lt;b&gt;"đặc biệt"&lt;/b&gt; &amp; mới</a> — 03/02/2023',
    );
    expect(escapeHtml("a&b")).toBe("a&amp;b");
  });

  it("shows the fallback note in italics and labels English answers in English", () => {
    const [html] = renderAnswerMessages(
      answer(["The index rose [1]."], { note: "LLM <slow>", language: "en" }),
    );
    expect(html?.startsWith("<i>LLM &lt;slow&gt;</i>")).toBe(true);
    expect(html).toContain("<b>Sources:</b>");
  });

  it("splits long answers under 4096 characters at line boundaries, keeping every piece valid", () => {
    const sentences = Array.from(
      { length: 80 },
      (_, i) => `Câu số ${i} nói về chỉ số <PAR INDEX> & SIPAS của tỉnh Quảng Bình năm 2023 😀.`,
    );
    const messages = renderAnswerMessages(answer(sentences));
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(4096);
      expect(validateTelegramHtml(message)).toBeNull();
    }
    const rejoined = messages.join("\n");
    for (const sentence of sentences) expect(rejoined).toContain(escapeHtml(sentence));
    expect(messages.at(-1)).toContain("<b>Nguồn:</b>");
  });

  it("cuts a single over-long line at sentence or word boundaries, never inside an entity or an emoji", () => {
    const line = `${escapeHtml("Một câu rất dài & có ký tự đặc biệt 😀 ").repeat(400)}`;
    const messages = splitMessages([line], 4000);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(4000);
      expect(validateTelegramHtml(message)).toBeNull();
      expect(message).not.toMatch(/[\uD800-\uDBFF]$/);
    }
  });

  it("turns HTML into the same text without markup for the plain-text fallback", () => {
    expect(htmlToPlain('<b>Nguồn:</b>\n[1] <a href="https://x.vn/?a=1&amp;b=2">T &amp; U</a>')).toBe(
      "Nguồn:\n[1] T & U (https://x.vn/?a=1&b=2)",
    );
  });
});
