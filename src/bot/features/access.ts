import type { Context } from "grammy";
import { Composer, InlineKeyboard } from "grammy";
import type { AccessKind } from "../../core/store/access-list.ts";
import { isAddressed } from "../addressing.ts";
import type { BotDeps } from "../bot-deps.ts";
import { escapeHtml } from "../render.ts";

/** Whether a member may use the bot here. Empty allow-lists mean the bot is open to everyone. */
export function isAllowed(
  deps: BotDeps,
  userId: number | undefined,
  chat: { id: number; type: string } | undefined,
): boolean {
  const { allowedUserIds, allowedChatIds, adminUserIds } = deps.settings;
  if (userId !== undefined && adminUserIds.includes(userId)) return true;
  if (allowedUserIds.length === 0 && allowedChatIds.length === 0) return true;
  if (
    userId !== undefined &&
    (allowedUserIds.includes(userId) || deps.access.status("user", String(userId)) === "allowed")
  )
    return true;
  if (chat && chat.type !== "private") {
    return allowedChatIds.includes(chat.id) || deps.access.status("chat", String(chat.id)) === "allowed";
  }
  return false;
}

/**
 * The gate in front of every feature: strangers get one polite refusal with a "request access" button;
 * admins receive requests with Approve / Deny buttons, and their decision is stored (no restart needed).
 */
export function accessFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();

  composer.callbackQuery(/^access:request:(user|chat)$/, async (ctx) => {
    const kind = ctx.match[1] as AccessKind;
    const id = kind === "user" ? String(ctx.from.id) : String(ctx.chat?.id ?? "");
    const name =
      kind === "user"
        ? displayName(ctx.from)
        : ((ctx.chat && "title" in ctx.chat ? ctx.chat.title : undefined) ?? id);
    await ctx
      .answerCallbackQuery()
      .catch((error: unknown) => deps.logger.warn({ err: error }, "answerCallbackQuery failed"));
    if (deps.settings.adminUserIds.length === 0) {
      await ctx.reply("Bot chưa có quản trị viên để duyệt yêu cầu. Vui lòng liên hệ người quản lý bot.");
      return;
    }
    if (deps.access.status(kind, id) === "pending") {
      await ctx.reply("Yêu cầu của bạn đã được gửi, vui lòng chờ quản trị viên duyệt.");
      return;
    }
    deps.access.set(kind, id, "pending", name);
    const keyboard = new InlineKeyboard()
      .text("✅ Duyệt", `access:approve:${kind}:${id}`)
      .text("❌ Từ chối", `access:deny:${kind}:${id}`);
    const who =
      kind === "user"
        ? `Thành viên <b>${escapeHtml(name)}</b> (id ${id})`
        : `Nhóm <b>${escapeHtml(name)}</b> (id ${id})`;
    for (const admin of deps.settings.adminUserIds) {
      await ctx.api
        .sendMessage(admin, `${who} xin quyền dùng bot.`, { parse_mode: "HTML", reply_markup: keyboard })
        .catch((error: unknown) => deps.logger.warn({ err: error, admin }, "could not notify an admin"));
    }
    await ctx.reply("Đã gửi yêu cầu tới quản trị viên. Bạn sẽ nhận được thông báo khi được duyệt.");
  });

  composer.callbackQuery(/^access:(approve|deny):(user|chat):(-?\d+)$/, async (ctx) => {
    const [, decision, kind, id] = ctx.match;
    if (!deps.settings.adminUserIds.includes(ctx.from.id)) {
      await ctx.answerCallbackQuery({ text: "Chỉ quản trị viên mới duyệt được." }).catch(() => {});
      return;
    }
    const allowed = decision === "approve";
    deps.access.set(kind as AccessKind, id ?? "", allowed ? "allowed" : "denied");
    await ctx.answerCallbackQuery({ text: allowed ? "Đã duyệt" : "Đã từ chối" }).catch(() => {});
    const name = deps.access.name(kind as AccessKind, id ?? "") ?? id ?? "";
    await ctx
      .editMessageText(`${allowed ? "✅ Đã duyệt" : "❌ Đã từ chối"}: ${name} (id ${id})`)
      .catch((error: unknown) => deps.logger.warn({ err: error }, "could not update the admin message"));
    const notice = allowed
      ? "✅ Bạn đã được cấp quyền dùng bot. Hãy gửi câu hỏi!"
      : "Rất tiếc, yêu cầu dùng bot chưa được chấp thuận.";
    await ctx.api
      .sendMessage(Number(id), notice)
      .catch((error: unknown) => deps.logger.warn({ err: error, id }, "could not notify the requester"));
  });

  composer.use(async (ctx, next) => {
    if (isAllowed(deps, ctx.from?.id, ctx.chat)) return next();
    if (!isAddressed(ctx)) return;
    await refuseOnce(ctx, deps);
  });
  return composer;
}

async function refuseOnce(ctx: Context, deps: BotDeps): Promise<void> {
  const group = ctx.chat !== undefined && ctx.chat.type !== "private";
  const kind: AccessKind = group ? "chat" : "user";
  const id = String(group ? ctx.chat?.id : ctx.from?.id);
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: "Bạn chưa có quyền dùng bot này." }).catch(() => {});
    return;
  }
  // One refusal only: after it (or after a request or a denial), further messages are ignored.
  if (deps.access.status(kind, id) !== null) return;
  deps.access.set(kind, id, "refused", group ? null : displayName(ctx.from));
  const text = group
    ? "Nhóm này chưa được cấp quyền dùng bot hỏi đáp cải cách hành chính."
    : "Xin chào! Bot này dành cho thành viên Ban Chỉ đạo cải cách hành chính, và bạn chưa có quyền sử dụng.";
  await ctx.reply(text, {
    reply_markup: new InlineKeyboard().text("🔑 Xin quyền truy cập", `access:request:${kind}`),
  });
}

function displayName(
  user: { first_name: string; last_name?: string; username?: string } | undefined,
): string {
  if (!user) return "?";
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ");
  return user.username ? `${name} (@${user.username})` : name;
}
