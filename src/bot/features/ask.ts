import type { Context } from "grammy";
import { Composer, InlineKeyboard } from "grammy";
import type { Turn } from "../../core/conversation.ts";
import { isCchcError } from "../../core/errors.ts";
import { questionFor, repliesToBot } from "../addressing.ts";
import type { BotDeps } from "../bot-deps.ts";
import { renderAnswerMessages } from "../render.ts";
import { keepTyping, sendHtml } from "../send.ts";

/** Answers a question in the current chat: typing indicator, answer, buttons, message links. */
export function createAsker(deps: BotDeps) {
  return async function ask(ctx: Context, question: string, previous?: Turn): Promise<void> {
    const chatId = ctx.chat?.id;
    if (chatId === undefined) return;
    const userKey = String(ctx.from?.id ?? chatId);
    const limit = deps.rateLimiter.take(userKey);
    if (!limit.ok) {
      if (!limit.alreadyWarned)
        await ctx.reply(`Bạn đang hỏi hơi nhanh. Vui lòng thử lại sau ${limit.retryAfterSeconds} giây.`);
      return;
    }
    const replyTo = ctx.chat?.type === "private" ? undefined : ctx.message?.message_id;
    const stopTyping = keepTyping(ctx.api, chatId, deps.logger);
    let answer: Awaited<ReturnType<BotDeps["answers"]["ask"]>>;
    try {
      answer = await deps.answers.ask(question, {
        chatId: String(chatId),
        ...(previous ? { previous } : {}),
      });
    } catch (error) {
      if (!isCchcError(error)) throw error;
      await ctx.reply(
        error.userMessage,
        replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {},
      );
      return;
    } finally {
      stopTyping();
    }
    deps.logger.info(
      {
        chatId,
        mode: answer.mode,
        abstained: answer.abstained,
        citations: answer.citations.map((c) => c.articleId),
        ...(deps.settings.logQuestions ? { question } : {}),
      },
      "answered",
    );
    const answerId = deps.answerLog.record({
      chatId: String(chatId),
      userId: ctx.from ? String(ctx.from.id) : null,
      answer,
    });
    const keyboard = answer.abstained
      ? undefined
      : new InlineKeyboard()
          .text("📄 Trích dẫn", `cite:${answerId}`)
          .text("👍", `fb:${answerId}:up`)
          .text("👎", `fb:${answerId}:down`);
    const messages = renderAnswerMessages(answer);
    for (const [i, html] of messages.entries()) {
      const sent = await sendHtml(ctx.api, chatId, html, {
        replyTo: i === 0 ? replyTo : undefined,
        keyboard: i === messages.length - 1 ? keyboard : undefined,
        logger: deps.logger,
      });
      deps.answerLog.linkMessage(String(chatId), sent.message_id, answerId);
    }
  };
}

/** Questions: private text, /ask anywhere, mentions and replies in groups; a reply to an answer continues it. */
export function askFeature(deps: BotDeps, ask: ReturnType<typeof createAsker>): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command("ask", async (ctx) => {
    const question = ctx.match.trim();
    if (!question) {
      await ctx.reply("Hãy viết câu hỏi sau lệnh, ví dụ: /ask Chỉ số PAR INDEX 2023 của Quảng Bình?");
      return;
    }
    await ask(ctx, question, previousTurn(ctx, deps));
  });

  composer.on("message:text", async (ctx, next) => {
    const question = questionFor(ctx);
    if (question === null) return next();
    if (!question) {
      await ctx.reply("Bạn muốn hỏi gì? Hãy viết câu hỏi sau khi nhắc tên tôi.");
      return;
    }
    await ask(ctx, question, previousTurn(ctx, deps));
  });
  return composer;
}

/** When the member replies to one of our answers, that answer is the context of the new question. */
function previousTurn(ctx: Context, deps: BotDeps): Turn | undefined {
  const replied = ctx.message?.reply_to_message;
  if (!replied || !repliesToBot(ctx) || !ctx.chat) return undefined;
  const answerId = deps.answerLog.answerForMessage(String(ctx.chat.id), replied.message_id);
  const answer = answerId === null ? null : deps.answerLog.get(answerId);
  if (!answer) return undefined;
  return {
    question: answer.question,
    query: answer.question,
    answer: answer.parts.map((part) => part.text).join(" "),
    articleIds: answer.citations.map((citation) => citation.articleId),
    at: Date.now(),
  };
}
