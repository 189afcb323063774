import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { apiThrottler } from "@grammyjs/transformer-throttler";
import { Bot, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { BotDeps } from "./bot-deps.ts";
import { accessFeature } from "./features/access.ts";
import { adminFeature } from "./features/admin.ts";
import { answerButtonsFeature } from "./features/answer-buttons.ts";
import { askFeature, createAsker } from "./features/ask.ts";
import { digestFeature } from "./features/digest.ts";
import { libraryAdminFeature } from "./features/library-admin.ts";
import { COMMANDS, startFeature } from "./features/start.ts";
import { unhandledFeature } from "./features/unhandled.ts";
import { uploadsFeature } from "./features/uploads.ts";

export interface BotOptions {
  token: string;
  /** A self-hosted Bot API server (or a test's local one); Telegram's by default. */
  apiRoot?: string;
  /** Known bot identity, so no getMe is needed (tests, restarts). */
  botInfo?: UserFromGetMe;
  /** Throttle outgoing calls to stay under Telegram's flood limits (on by default). */
  throttle?: boolean;
}

/** Builds the Telegram bot: plugins, then one composer per feature, the unhandled-update handler last. */
export function createBot(deps: BotDeps, options: BotOptions): Bot<Context> {
  const bot = new Bot<Context>(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    ...(options.apiRoot ? { client: { apiRoot: options.apiRoot } } : {}),
  });
  // Flood waits (429) are retried after Telegram's retry_after and 5xx after a backoff, twice at most;
  // network errors are rethrown, since auto-retry would otherwise retry them without bound.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 30, rethrowHttpErrors: true }));
  if (options.throttle !== false) bot.api.config.use(apiThrottler());

  // Updates of one chat are processed in order (a follow-up after its question); chats run concurrently,
  // so one slow LLM answer does not hold up other members.
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  bot.use(async (ctx, next) => {
    const started = Date.now();
    await next();
    deps.logger.debug(
      { updateId: ctx.update.update_id, chatId: ctx.chat?.id, ms: Date.now() - started },
      "update handled",
    );
  });
  const ask = createAsker(deps);
  bot.use(accessFeature(deps));
  bot.use(startFeature(deps, (ctx, question) => ask(ctx, question)));
  bot.use(askFeature(deps, ask));
  bot.use(answerButtonsFeature(deps));
  bot.use(adminFeature(deps));
  bot.use(uploadsFeature(deps));
  bot.use(libraryAdminFeature(deps));
  bot.use(digestFeature(deps));
  bot.use(unhandledFeature());

  bot.catch(async (error) => {
    deps.logger.error(
      { err: error.error, updateId: error.ctx.update.update_id, chatId: error.ctx.chat?.id },
      "update failed",
    );
    if (error.ctx.chat) {
      await error.ctx
        .reply("Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Vui lòng thử lại sau ít phút.")
        .catch((replyError: unknown) => deps.logger.warn({ err: replyError }, "could not send the apology"));
    }
  });
  return bot;
}

/** Registers the command menu in Vietnamese (default) and English; a failure is logged, never fatal. */
export async function registerCommands(bot: Bot<Context>, deps: Pick<BotDeps, "logger">): Promise<void> {
  try {
    await bot.api.setMyCommands([...COMMANDS.vi]);
    await bot.api.setMyCommands([...COMMANDS.en], { language_code: "en" });
  } catch (error) {
    deps.logger.warn({ err: error }, "setMyCommands failed");
  }
}
