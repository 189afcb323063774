import type { Context } from "grammy";

/**
 * The question in a message, when the message is meant for the bot: any text in a private chat; in a
 * group (privacy mode on), text that mentions the bot (the mention removed) or replies to one of its
 * messages. Commands are not questions (they have their own handlers). Null otherwise.
 */
export function questionFor(ctx: Context): string | null {
  const message = ctx.message;
  const text = message?.text;
  if (!message || text === undefined || text.startsWith("/")) return null;
  if (ctx.chat?.type === "private") return text;
  const username = ctx.me.username;
  const mention = new RegExp(`@${username}\\b`, "gi");
  if (mention.test(text)) return text.replace(mention, " ").replace(/\s+/g, " ").trim();
  if (repliesToBot(ctx)) return text;
  return null;
}

/** True when the message replies to one of the bot's own messages. */
export function repliesToBot(ctx: Context): boolean {
  return ctx.message?.reply_to_message?.from?.id === ctx.me.id;
}

/** True when the update is something the bot should react to at all (so strangers get one refusal, groups no noise). */
export function isAddressed(ctx: Context): boolean {
  if (ctx.callbackQuery) return true;
  const text = ctx.message?.text ?? ctx.message?.caption;
  if (ctx.chat?.type === "private") return ctx.message !== undefined;
  if (text?.startsWith("/")) {
    const [command] = text.split(/\s/);
    // In groups "/start@other_bot" is for another bot.
    return !command?.includes("@") || command.toLowerCase().endsWith(`@${ctx.me.username.toLowerCase()}`);
  }
  return questionFor(ctx) !== null;
}
