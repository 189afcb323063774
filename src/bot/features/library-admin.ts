import type { Context } from "grammy";
import { Composer, InlineKeyboard } from "grammy";
import type { BotDeps } from "../bot-deps.ts";
import { escapeHtml, splitMessages } from "../render.ts";
import { renderArticlePage, renderAudit, renderRemovalQuestion, renderStats } from "../render-library.ts";
import { actorOf, isAdmin } from "./uploads.ts";

const PAGE_SIZE = 10;

/** Admins manage the library: /list (paginated), /remove with confirmation and undo, /stats, /audit. */
export function libraryAdminFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const refuse = (ctx: Context) => ctx.reply("Chỉ quản trị viên của bot mới xem và quản lý được thư viện.");
  const acknowledge = (ctx: Context, text?: string) =>
    ctx
      .answerCallbackQuery(text ? { text } : undefined)
      .catch((error: unknown) => deps.logger.warn({ err: error }, "answerCallbackQuery failed"));

  const page = (offset: number) => {
    const total = deps.library.store.countArticles();
    const start = Math.max(0, Math.min(offset, Math.max(0, total - 1)));
    const first = start - (start % PAGE_SIZE);
    const html = renderArticlePage(deps.library.store.listNewest(PAGE_SIZE, first), {
      offset: first,
      size: PAGE_SIZE,
      total,
    });
    const keyboard = new InlineKeyboard();
    if (first > 0) keyboard.text("◀️ Trước", `list:${first - PAGE_SIZE}`);
    if (first + PAGE_SIZE < total) keyboard.text("Sau ▶️", `list:${first + PAGE_SIZE}`);
    return { html, keyboard };
  };

  composer.command("list", async (ctx) => {
    if (!isAdmin(deps, ctx)) return void (await refuse(ctx));
    const { html, keyboard } = page(0);
    await ctx.reply(html, { parse_mode: "HTML", reply_markup: keyboard });
  });

  composer.callbackQuery(/^list:(\d+)$/, async (ctx) => {
    if (!isAdmin(deps, ctx)) return void (await acknowledge(ctx, "Chỉ dành cho quản trị viên."));
    await acknowledge(ctx);
    const { html, keyboard } = page(Number(ctx.match[1]));
    await ctx
      .editMessageText(html, { parse_mode: "HTML", reply_markup: keyboard })
      .catch((error: unknown) => {
        // "message is not modified" when the same page is asked twice: nothing to do.
        deps.logger.debug({ err: error }, "list page not edited");
      });
  });

  composer.command("remove", async (ctx) => {
    if (!isAdmin(deps, ctx)) return void (await refuse(ctx));
    const id = ctx.match.trim();
    if (!id) return void (await ctx.reply("Cách dùng: /remove <mã bài viết> (xem mã bằng /list)."));
    const article = deps.library.store.getArticle(id);
    if (!article) return void (await ctx.reply(`Không có bài viết mã ${id}. Xem mã các bài bằng /list.`));
    await ctx.reply(renderRemovalQuestion(article), {
      parse_mode: "HTML",
      reply_markup: new InlineKeyboard().text("🗑 Xoá", `rm:${article.id}`).text("Huỷ", "rm-cancel"),
    });
  });

  composer.callbackQuery(/^rm:(.+)$/, async (ctx) => {
    if (!isAdmin(deps, ctx)) return void (await acknowledge(ctx, "Chỉ dành cho quản trị viên."));
    const removed = await deps.library.removeArticle(ctx.match[1] ?? "", actorOf(ctx));
    await acknowledge(ctx, removed ? "Đã xoá." : "Bài viết không còn trong thư viện.");
    if (!removed) return;
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(
      `🗑 Đã xoá: ${escapeHtml(removed.article.title)} (<code>${escapeHtml(removed.article.id)}</code>)`,
      {
        parse_mode: "HTML",
        reply_markup: new InlineKeyboard().text("↩️ Hoàn tác", `undo:${removed.auditId}`),
      },
    );
  });

  composer.callbackQuery("rm-cancel", async (ctx) => {
    await acknowledge(ctx, "Đã huỷ.");
    await ctx.editMessageReplyMarkup().catch(() => undefined);
  });

  composer.command("stats", async (ctx) => {
    if (!isAdmin(deps, ctx)) return void (await refuse(ctx));
    const html = renderStats({
      library: deps.library.stats(),
      answers: deps.answerLog.totals(),
      llm: deps.usage.totals(),
    });
    await ctx.reply(html, { parse_mode: "HTML" });
  });

  composer.command("audit", async (ctx) => {
    if (!isAdmin(deps, ctx)) return void (await refuse(ctx));
    for (const html of splitMessages(renderAudit(deps.library.store.auditLog(20))))
      await ctx.reply(html, { parse_mode: "HTML" });
  });
  return composer;
}
