import type { Context } from "grammy";
import { Composer } from "grammy";
import type { BotDeps } from "../bot-deps.ts";
import { renderCitedPassages } from "../render.ts";
import { sendHtml } from "../send.ts";

/** The buttons under an answer: "📄 Trích dẫn" shows the cited passages; 👍 / 👎 store feedback. */
export function answerButtonsFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const acknowledge = (ctx: Context, text?: string) =>
    ctx
      .answerCallbackQuery(text ? { text } : undefined)
      .catch((error: unknown) => deps.logger.warn({ err: error }, "answerCallbackQuery failed"));

  composer.callbackQuery(/^cite:(\d+)$/, async (ctx) => {
    const answer = deps.answerLog.get(Number(ctx.match[1]));
    await acknowledge(ctx, answer ? undefined : "Không tìm thấy câu trả lời này.");
    if (!answer || !ctx.chat) return;
    for (const html of renderCitedPassages(answer, (chunkId) => deps.library.searchIndex.passage(chunkId))) {
      await sendHtml(ctx.api, ctx.chat.id, html, { logger: deps.logger });
    }
  });

  composer.callbackQuery(/^fb:(\d+):(up|down)$/, async (ctx) => {
    const rating = ctx.match[2] === "up" ? 1 : -1;
    const stored = deps.answerLog.rate(Number(ctx.match[1]), String(ctx.from.id), rating);
    deps.logger.info({ answerId: Number(ctx.match[1]), rating, stored }, "feedback");
    await acknowledge(ctx, stored ? "Cảm ơn bạn đã góp ý!" : "Không tìm thấy câu trả lời này.");
  });
  return composer;
}
