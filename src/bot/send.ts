import type { Api } from "grammy";
import { GrammyError, type InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import type { Logger } from "../core/logger.ts";

/**
 * Sends HTML; if Telegram rejects the markup ("can't parse entities"), sends the same text as plain text
 * instead, so that an answer is never lost to a formatting problem.
 */
export async function sendHtml(
  api: Api,
  chatId: number,
  html: string,
  options: { replyTo?: number | undefined; keyboard?: InlineKeyboard | undefined; logger: Logger },
): Promise<Message.TextMessage> {
  const common = {
    link_preview_options: { is_disabled: true },
    ...(options.replyTo
      ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } }
      : {}),
    ...(options.keyboard ? { reply_markup: options.keyboard } : {}),
  };
  try {
    return await api.sendMessage(chatId, html, { ...common, parse_mode: "HTML" });
  } catch (error) {
    if (
      !(error instanceof GrammyError) ||
      error.error_code !== 400 ||
      !/parse|entit|tag/i.test(error.description)
    )
      throw error;
    options.logger.warn({ err: error, chatId }, "Telegram rejected the HTML; sending plain text");
    return await api.sendMessage(chatId, htmlToPlain(html), common);
  }
}

/** The text of our HTML without markup, entities decoded; links keep their address. */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<a href="([^"]*)">([^<]*)<\/a>/g, (_, href: string, text: string) => `${text} (${href})`)
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * Shows "typing…" until `stop` is called (Telegram clears it after about 5 s, so it is repeated). A failure
 * is logged and ignored: the indicator is decoration, the answer is what matters.
 */
export function keepTyping(api: Api, chatId: number, logger: Logger): () => void {
  const send = () => {
    api
      .sendChatAction(chatId, "typing")
      .catch((error: unknown) => logger.warn({ err: error, chatId }, "sendChatAction failed"));
  };
  send();
  const timer = setInterval(send, 4500);
  return () => clearInterval(timer);
}
