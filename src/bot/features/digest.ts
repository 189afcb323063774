import type { Context } from "grammy";
import { Composer, InlineKeyboard } from "grammy";
import { composeDigest, parseSubscribe } from "../../core/digest/compose-digest.ts";
import { DEFAULT_TIME_ZONE, formatTimeOfDay, periodOf } from "../../core/digest/schedule.ts";
import type { Subscription } from "../../core/store/subscriptions.ts";
import type { BotDeps } from "../bot-deps.ts";
import { describeSubscription, digestSince, renderDigest } from "../digest-runner.ts";
import { escapeHtml } from "../render.ts";

const EXAMPLES =
  "Ví dụ: /subscribe (07:30 mỗi ngày), /subscribe 18:00, /subscribe 07:30 chuyển đổi số, SIPAS, hoặc /subscribe 07:30 Europe/Berlin";
const PRESET_TIMES = ["06:00", "07:30", "12:00", "18:00"] as const;

function settingsKeyboard(subscription: Subscription): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const time of PRESET_TIMES) {
    const current = time === formatTimeOfDay(subscription);
    keyboard.text(current ? `✅ ${time}` : time, `sub:time:${time}`);
  }
  keyboard.row();
  if (subscription.topics.length) keyboard.text("🗂 Bỏ chủ đề (nhận tất cả)", "sub:topics:clear").row();
  keyboard
    .text(
      subscription.sendEmpty ? "📭 Tắt báo khi không có bài" : "📭 Báo cả khi không có bài",
      `sub:empty:${subscription.sendEmpty ? 0 : 1}`,
    )
    .row()
    .text("🛑 Dừng nhận bản tin", "sub:stop");
  return keyboard;
}

/**
 * Members subscribe to the daily digest: /subscribe [giờ] [múi giờ] [chủ đề, …], /unsubscribe, /digest
 * (what is new now), /settings (buttons). In a group only its admins (asked of Telegram) may change the
 * subscription, and the digest goes to the group.
 */
export function digestFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const digest = deps.digest;
  if (!digest) return composer;
  const { subscriptions, settings } = digest;
  const chatKey = (ctx: Context) => String(ctx.chat?.id ?? "");
  const isGroup = (ctx: Context) => ctx.chat?.type === "group" || ctx.chat?.type === "supergroup";

  // In a group, changing the subscription is for the group's admins (Telegram says who they are).
  const mayManage = async (ctx: Context): Promise<boolean> => {
    if (!isGroup(ctx)) return true;
    if (!ctx.from || !ctx.chat) return false;
    try {
      const member = await ctx.api.getChatMember(ctx.chat.id, ctx.from.id);
      if (member.status === "creator" || member.status === "administrator") return true;
    } catch (error) {
      deps.logger.warn({ err: error, chatId: ctx.chat.id }, "getChatMember failed");
    }
    await ctx.reply("Chỉ quản trị viên của nhóm mới đăng ký hoặc thay đổi bản tin cho nhóm.");
    return false;
  };

  composer.command("subscribe", async (ctx) => {
    if (!(await mayManage(ctx))) return;
    const parsed = parseSubscribe(ctx.match, settings.defaultTime);
    if (!parsed.ok) return void (await ctx.reply(`Chưa đăng ký được: ${parsed.problem}.\n${EXAMPLES}`));
    const subscription = subscriptions.subscribe(
      {
        chatId: chatKey(ctx),
        chatType: isGroup(ctx) ? "group" : "private",
        ...parsed.request,
        createdBy: String(ctx.from?.id ?? ""),
        // The first digest tells what arrived in the last day: a new subscriber sees that it works.
        watermark: deps.library.store.changeSeqBefore(digest.now() - 86_400_000),
      },
      digest.now(),
    );
    await ctx.reply(
      `✅ Đã đăng ký bản tin hằng ngày${isGroup(ctx) ? " cho nhóm" : ""}: các bài mới thêm vào thư viện (bản tin đầu tiên gồm cả bài của 24 giờ qua).\n${describeSubscription(subscription)}\n\nĐổi giờ hay chủ đề: /settings. Ngừng nhận: /unsubscribe. Xem ngay bài mới: /digest.`,
      { parse_mode: "HTML" },
    );
  });

  composer.command("unsubscribe", async (ctx) => {
    if (!(await mayManage(ctx))) return;
    const ended = subscriptions.end(chatKey(ctx), "unsubscribed", digest.now());
    await ctx.reply(
      ended
        ? "Đã ngừng gửi bản tin. Đăng ký lại bất cứ lúc nào bằng /subscribe."
        : "Bạn chưa đăng ký bản tin. Đăng ký: /subscribe",
    );
  });

  composer.command("settings", async (ctx) => {
    const subscription = subscriptions.get(chatKey(ctx));
    if (!subscription?.active)
      return void (await ctx.reply(`Bạn chưa đăng ký bản tin hằng ngày.\n${EXAMPLES}`));
    await ctx.reply(
      `<b>Bản tin hằng ngày</b>\n${describeSubscription(subscription)}\n\nĐổi chủ đề: /subscribe ${formatTimeOfDay(subscription)} chủ đề 1, chủ đề 2`,
      {
        parse_mode: "HTML",
        reply_markup: settingsKeyboard(subscription),
      },
    );
  });

  composer.callbackQuery(/^sub:(time|topics|empty|stop)(?::(.+))?$/, async (ctx) => {
    const subscription = subscriptions.get(chatKey(ctx));
    if (!subscription?.active) return void (await ctx.answerCallbackQuery({ text: "Chưa đăng ký bản tin." }));
    if (!(await mayManage(ctx))) return void (await ctx.answerCallbackQuery());
    const [action, value] = [ctx.match[1], ctx.match[2] ?? ""];
    if (action === "stop") {
      subscriptions.end(subscription.chatId, "unsubscribed", digest.now());
      await ctx.answerCallbackQuery({ text: "Đã ngừng nhận bản tin." });
      return void (await ctx
        .editMessageText("Đã ngừng gửi bản tin. Đăng ký lại: /subscribe")
        .catch(() => undefined));
    }
    const [hour, minute] =
      action === "time" ? value.split(":").map(Number) : [subscription.hour, subscription.minute];
    const updated = subscriptions.subscribe(
      {
        chatId: subscription.chatId,
        chatType: subscription.chatType,
        hour: hour ?? subscription.hour,
        minute: minute ?? subscription.minute,
        timeZone: subscription.timeZone,
        topics: action === "topics" ? [] : subscription.topics,
        createdBy: subscription.createdBy,
        sendEmpty: action === "empty" ? value === "1" : subscription.sendEmpty,
        watermark: subscription.watermark,
      },
      digest.now(),
    );
    await ctx.answerCallbackQuery({ text: "Đã lưu." });
    await ctx
      .editMessageText(`<b>Bản tin hằng ngày</b>\n${describeSubscription(updated)}`, {
        parse_mode: "HTML",
        reply_markup: settingsKeyboard(updated),
      })
      .catch((error: unknown) => deps.logger.debug({ err: error }, "settings not edited"));
  });

  composer.command("digest", async (ctx) => {
    const subscription = subscriptions.get(chatKey(ctx));
    // A subscriber sees what its next digest would hold; anyone else the newest articles of the library.
    const preview = subscription?.active
      ? digestSince(deps.library, subscription, settings.maxArticles)
      : composeDigest({
          articles: deps.library.store.listNewest(5, 0),
          topics: [],
          index: deps.library.searchIndex,
          lexicon: deps.library.lexicon,
          max: 5,
        });
    if (preview.items.length === 0) return void (await ctx.reply("Chưa có bài mới kể từ bản tin gần nhất."));
    const zone = subscription?.active ? subscription.timeZone : DEFAULT_TIME_ZONE;
    const { messages, keyboard } = renderDigest(
      preview,
      periodOf(digest.now(), zone),
      subscription?.active ? subscription.topics : [],
    );
    for (const [i, text] of messages.entries()) {
      await ctx.reply(text, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...(i === messages.length - 1 ? { reply_markup: keyboard } : {}),
      });
    }
  });

  composer.callbackQuery(/^dga:(.+)$/, async (ctx) => {
    const article = deps.library.article(ctx.match[1] ?? "");
    await ctx.answerCallbackQuery().catch(() => undefined);
    if (!article) return void (await ctx.reply("Bài viết này không còn trong thư viện."));
    const passages = [0, 1].flatMap((position) => {
      const passage = deps.library.searchIndex.passage(`${article.id}#${position}`);
      return passage ? [passage.text] : [];
    });
    // Cut before escaping, so the cut never splits an entity.
    const body = passages.join("\n\n").slice(0, 3500);
    await ctx.reply(`<b>${escapeHtml(article.title)}</b>\n\n${escapeHtml(body)}`, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
  });

  return composer;
}
