import type { Context } from "grammy";
import { Composer } from "grammy";
import { isAddressed } from "../addressing.ts";

/** Last in line: unknown commands and messages the bot cannot read get a short hint, stale buttons an answer. */
export function unhandledFeature(): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on("callback_query", (ctx) =>
    ctx.answerCallbackQuery({ text: "Nút này không còn dùng được." }).catch(() => {}),
  );
  composer.on("message", async (ctx) => {
    if (!isAddressed(ctx)) return;
    if (ctx.message.text?.startsWith("/")) {
      await ctx.reply("Lệnh không rõ. Gõ /help để xem các lệnh.");
    } else if (ctx.chat.type === "private") {
      await ctx.reply("Hiện tôi chỉ đọc được câu hỏi dạng văn bản. Hãy gõ câu hỏi của bạn.");
    }
  });
  return composer;
}
