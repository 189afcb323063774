import type { Context } from "grammy";
import { Composer } from "grammy";
import type { BotDeps } from "../bot-deps.ts";
import { escapeHtml, splitMessages } from "../render.ts";

/** Admin commands: /feedback lists the latest 👍/👎 with their questions, for review. */
export function adminFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const admins = composer.filter(
    (ctx) => ctx.from !== undefined && deps.settings.adminUserIds.includes(ctx.from.id),
  );

  admins.command("feedback", async (ctx) => {
    const entries = deps.answerLog.feedback(20);
    if (entries.length === 0) {
      await ctx.reply("Chưa có góp ý nào.");
      return;
    }
    const lines = [
      "<b>Góp ý gần đây</b>",
      ...entries.map(
        (entry) =>
          `${entry.rating > 0 ? "👍" : "👎"} ${escapeHtml(entry.createdAt.slice(0, 16).replace("T", " "))} — #${entry.answerId}: ${escapeHtml(entry.question)}`,
      ),
    ];
    for (const html of splitMessages(lines)) await ctx.reply(html, { parse_mode: "HTML" });
  });
  return composer;
}
