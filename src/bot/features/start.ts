import type { Context } from "grammy";
import { Composer, InlineKeyboard } from "grammy";
import type { BotDeps } from "../bot-deps.ts";
import { escapeHtml } from "../render.ts";

/** Example questions offered on /start as buttons (callback data "example:<i>"). */
export const EXAMPLE_QUESTIONS = [
  "Chỉ số PAR INDEX 2023 của Quảng Bình là bao nhiêu?",
  "Đã cấp bao nhiêu thẻ căn cước công dân gắn chíp?",
  "Tỷ lệ tinh giản biên chế tối thiểu giai đoạn 2021-2026?",
] as const;

export const HELP_TEXT = [
  "<b>Cách dùng</b>",
  "• Nhắn tin riêng: gửi câu hỏi bất kỳ (có dấu hoặc không dấu).",
  "• Trong nhóm: nhắc tên bot, trả lời tin nhắn của bot, hoặc dùng /ask &lt;câu hỏi&gt;.",
  "• Trả lời (reply) một câu trả lời của bot để hỏi tiếp về nó.",
  "",
  "<b>Lệnh</b>",
  "/ask &lt;câu hỏi&gt; — hỏi",
  "/subscribe [giờ] [chủ đề, …] — nhận bản tin bài mới mỗi ngày (mặc định 07:30, giờ Việt Nam)",
  "/settings — đổi giờ, chủ đề, hoặc dừng bản tin; /unsubscribe — ngừng nhận",
  "/digest — xem ngay các bài mới",
  "/help — hướng dẫn",
  "/start — giới thiệu",
].join("\n");

/** What admins see in addition under /help. */
export const ADMIN_HELP_TEXT = [
  "",
  "<b>Quản trị thư viện</b>",
  "• Gửi tệp .txt, .md, .html, .pdf (có lớp chữ) hoặc .docx để thêm bài viết.",
  "/add &lt;đường dẫn&gt; — lấy bài từ một trang web; /add rồi dán nội dung — dòng đầu là tiêu đề",
  "/list — danh sách bài viết, mới nhất trước",
  "/remove &lt;mã&gt; — xoá một bài (có xác nhận và hoàn tác)",
  "/stats — thống kê · /audit — ai đã thêm, sửa, xoá bài nào · /feedback — góp ý gần đây",
].join("\n");

/** The commands as registered with setMyCommands, in Vietnamese and English. */
export const COMMANDS = {
  vi: [
    { command: "ask", description: "Hỏi về cải cách hành chính" },
    { command: "subscribe", description: "Nhận bản tin bài mới mỗi ngày" },
    { command: "settings", description: "Cài đặt bản tin" },
    { command: "digest", description: "Xem ngay các bài mới" },
    { command: "unsubscribe", description: "Ngừng nhận bản tin" },
    { command: "help", description: "Hướng dẫn sử dụng" },
    { command: "start", description: "Giới thiệu bot" },
  ],
  en: [
    { command: "ask", description: "Ask about administrative reform" },
    { command: "subscribe", description: "Daily digest of new articles" },
    { command: "settings", description: "Digest settings" },
    { command: "digest", description: "New articles now" },
    { command: "unsubscribe", description: "Stop the digest" },
    { command: "help", description: "How to use the bot" },
    { command: "start", description: "About the bot" },
  ],
} as const;

/** /start and /help. */
export function startFeature(
  deps: BotDeps,
  ask: (ctx: Context, question: string) => Promise<void>,
): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command("start", async (ctx) => {
    if (ctx.chat) deps.answers.forget(String(ctx.chat.id));
    const stats = deps.library.stats();
    const span = stats.firstDate && stats.lastDate ? `, từ ${stats.firstDate} đến ${stats.lastDate}` : "";
    const keyboard = new InlineKeyboard();
    for (const [i, question] of EXAMPLE_QUESTIONS.entries()) keyboard.text(question, `example:${i}`).row();
    const text = [
      "Xin chào! Tôi trả lời câu hỏi về <b>cải cách hành chính</b> từ thư viện tài liệu của Ban Chỉ đạo, kèm nguồn trích dẫn.",
      `Thư viện hiện có <b>${stats.articles}</b> bài viết${escapeHtml(span)}.`,
      "",
      "Hãy gửi câu hỏi, hoặc chọn một ví dụ dưới đây. Nhận bản tin bài mới mỗi sáng: /subscribe.",
      "Gõ /help để xem hướng dẫn.",
    ].join("\n");
    await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard });
  });

  composer.command("help", (ctx) => {
    const admin = ctx.from !== undefined && deps.settings.adminUserIds.includes(ctx.from.id);
    return ctx.reply(admin ? `${HELP_TEXT}\n${ADMIN_HELP_TEXT}` : HELP_TEXT, { parse_mode: "HTML" });
  });

  composer.callbackQuery(/^example:(\d+)$/, async (ctx) => {
    await ctx
      .answerCallbackQuery()
      .catch((error: unknown) => deps.logger.warn({ err: error }, "answerCallbackQuery failed"));
    const question = EXAMPLE_QUESTIONS[Number(ctx.match[1])];
    if (question) await ask(ctx, question);
  });
  return composer;
}
