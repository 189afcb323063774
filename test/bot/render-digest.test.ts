import { describe, expect, it } from "vitest";
import { renderDigest } from "../../src/bot/digest-runner.ts";
import { TELEGRAM_MESSAGE_LIMIT } from "../../src/bot/render.ts";
import type { Digest } from "../../src/core/digest/compose-digest.ts";
import { validateTelegramHtml } from "../helpers/telegram-html.ts";

describe("rendering a digest", () => {
  it("splits a long digest into valid messages under Telegram's limit, each item whole, buttons per article", () => {
    const items = Array.from({ length: 15 }, (_, i) => ({
      n: i + 1,
      articleId: `a_${i}`,
      title: `Tỉnh số ${i + 1} công bố kết quả cải cách hành chính <năm 2026> & kế hoạch`,
      date: "20/11/2026",
      url: i % 2 ? `https://example.vn/tin/${i}?a=1&b=2` : null,
      site: "example.vn",
      summary: `${"Tỉnh đã giải quyết 12.400 hồ sơ đúng hạn, đạt 98,7%, tăng 3,2 điểm so với năm trước. ".repeat(4)}`,
    }));
    const digest: Digest = { items, matched: 20 };
    const { messages, keyboard } = renderDigest(digest, "2026-11-25", ["chuyển đổi số"]);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
      expect(validateTelegramHtml(message)).toBeNull();
    }
    const all = messages.join("\n");
    for (const item of items) expect(all).toContain(`[${item.n}]</b>`);
    // An article and its summary are never split across messages.
    for (const message of messages)
      for (const match of message.matchAll(/<b>\[(\d+)\]<\/b>/g))
        expect(message).toMatch(new RegExp(`\\[${match[1]}\\]$`, "m"));
    expect(all).toContain("20 bài mới về: chuyển đổi số (hiển thị 15 bài đầu)");
    expect(all).toContain("&lt;năm 2026&gt; &amp; kế hoạch");
    expect(keyboard.inline_keyboard.flat()).toHaveLength(10);
  });
});
