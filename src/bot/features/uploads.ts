import type { Context } from "grammy";
import { Composer, InlineKeyboard } from "grammy";
import { addBytes, addUrl, isWebUrl, refuseOversized } from "../../core/document-sources.ts";
import { CchcError, isCchcError } from "../../core/errors.ts";
import type { IngestOutcome } from "../../core/library.ts";
import type { AuditAction } from "../../core/store/library-store.ts";
import { repliesToBot } from "../addressing.ts";
import type { BotDeps } from "../bot-deps.ts";
import { downloadTelegramFile, TELEGRAM_DOWNLOAD_LIMIT } from "../download.ts";
import { renderIngestOutcome } from "../render-library.ts";
import { keepTyping, sendHtml } from "../send.ts";

const SUPPORTED = /\.(?:txt|md|html?|pdf|docx)$/i;
const DOWNLOAD_TIMEOUT_MS = 60_000;
const ADD_USAGE =
  "Cách thêm bài viết:\n• gửi tệp .txt, .md, .html, .pdf (có lớp chữ) hoặc .docx;\n• /add https://… để lấy bài từ một trang web;\n• /add rồi dán nội dung: dòng đầu là tiêu đề, các dòng sau là bài viết.";

/** Whether the sender is one of the configured admins. */
export function isAdmin(deps: BotDeps, ctx: Context): boolean {
  return ctx.from !== undefined && deps.settings.adminUserIds.includes(ctx.from.id);
}

/** Who did it, for the audit log. */
export function actorOf(ctx: Context): string {
  return ctx.from ? `telegram:${ctx.from.id} ${ctx.from.first_name}`.trim() : "telegram";
}

/**
 * Admins grow the library from the chat: a document (.txt .md .html .pdf .docx), `/add <url>`, or `/add`
 * with pasted text. The reply shows what was understood, with an undo button. Others are refused, once.
 */
export function uploadsFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();

  composer.on("message:document", async (ctx) => {
    // In a group a document is for the bot only when its caption calls it or it replies to the bot.
    const caption = ctx.message.caption ?? "";
    if (ctx.chat.type !== "private" && !caption.startsWith("/add") && !repliesToBot(ctx)) return;
    if (!isAdmin(deps, ctx)) return refuse(ctx);
    const document = ctx.message.document;
    const fileName = document.file_name ?? "tep";
    await respond(deps, ctx, async () => {
      if (!SUPPORTED.test(fileName)) throw new CchcError("UNSUPPORTED_TYPE", `upload ${fileName}`);
      const maxBytes = Math.min(deps.uploads.maxBytes, TELEGRAM_DOWNLOAD_LIMIT);
      refuseOversized(document.file_size ?? 0, { maxBytes });
      const file = await ctx.getFile();
      if (!file.file_path) throw new CchcError("DOWNLOAD_FAILED", "getFile returned no file_path");
      const bytes = await downloadTelegramFile(ctx.api, file.file_path, {
        timeoutMs: DOWNLOAD_TIMEOUT_MS,
        maxBytes,
      });
      return addBytes(deps.library, { bytes, fileName }, deps.uploads, who(ctx));
    });
  });

  composer.command("add", async (ctx) => {
    if (!isAdmin(deps, ctx)) return refuse(ctx);
    const text = ctx.match.trim();
    if (!text) {
      await ctx.reply(ADD_USAGE);
      return;
    }
    await respond(deps, ctx, () =>
      isWebUrl(text)
        ? addUrl(deps.library, text, deps.uploads, who(ctx))
        : addBytes(
            deps.library,
            { bytes: Buffer.from(text, "utf8"), fileName: "tin-nhan.txt" },
            deps.uploads,
            who(ctx),
          ),
    );
  });

  composer.callbackQuery(/^undo:(\d+)$/, async (ctx) => {
    if (!isAdmin(deps, ctx)) {
      await acknowledge(deps, ctx, ERROR_NOT_ADMIN);
      return;
    }
    try {
      const { action, article } = await deps.library.undo(Number(ctx.match[1]), actorOf(ctx));
      await acknowledge(deps, ctx, "Đã hoàn tác.");
      await ctx.reply(`↩️ ${UNDONE[action]}: ${article.title} (${article.id})`);
    } catch (error) {
      await acknowledge(deps, ctx, isCchcError(error) ? error.userMessage : "Không hoàn tác được.");
      if (!isCchcError(error)) deps.logger.error({ err: error }, "undo failed");
    }
  });
  return composer;
}

const ERROR_NOT_ADMIN = new CchcError("NOT_ADMIN").userMessage;
const UNDONE: Record<AuditAction, string> = {
  add: "Đã gỡ bài vừa thêm",
  update: "Đã trả lại nội dung trước khi cập nhật",
  remove: "Đã khôi phục bài viết",
  undo: "Đã hoàn tác",
};

function who(ctx: Context) {
  return { origin: "upload" as const, actor: actorOf(ctx) };
}

async function refuse(ctx: Context): Promise<void> {
  await ctx.reply(ERROR_NOT_ADMIN);
}

/** Runs an addition with the typing indicator and replies with its outcome or the refusal's message. */
async function respond(deps: BotDeps, ctx: Context, add: () => Promise<IngestOutcome>): Promise<void> {
  if (!ctx.chat) return;
  const stopTyping = keepTyping(ctx.api, ctx.chat.id, deps.logger);
  let outcome: IngestOutcome;
  try {
    outcome = await add();
  } catch (error) {
    stopTyping();
    if (!isCchcError(error)) throw error; // bot.catch logs it and apologises
    deps.logger.info({ code: error.code, detail: error.message, chatId: ctx.chat.id }, "upload refused");
    await ctx.reply(error.userMessage, replyTo(ctx));
    return;
  }
  stopTyping();
  deps.logger.info(
    { status: outcome.status, articleId: outcome.article.id, passages: outcome.passages },
    "upload",
  );
  const keyboard =
    outcome.auditId === null ? undefined : new InlineKeyboard().text("↩️ Hoàn tác", `undo:${outcome.auditId}`);
  await sendHtml(ctx.api, ctx.chat.id, renderIngestOutcome(outcome), {
    replyTo: ctx.message?.message_id,
    keyboard,
    logger: deps.logger,
  });
}

function replyTo(ctx: Context) {
  const id = ctx.message?.message_id;
  return id ? { reply_parameters: { message_id: id, allow_sending_without_reply: true } } : {};
}

async function acknowledge(deps: BotDeps, ctx: Context, text: string): Promise<void> {
  await ctx
    .answerCallbackQuery({ text })
    .catch((error: unknown) => deps.logger.warn({ err: error }, "answerCallbackQuery failed"));
}
