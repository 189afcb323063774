import { openApp } from "./app.ts";
import { bootstrap, orExit } from "./bootstrap.ts";
import { createBot } from "./bot/create-bot.ts";
import { DigestRunner } from "./bot/digest-runner.ts";
import { RateLimiter } from "./bot/rate-limit.ts";
import { type RunningBot, startPolling, startWebhook } from "./bot/run-bot.ts";
import { runConsoleChat } from "./cli/console-chat.ts";
import { AccessList } from "./core/store/access-list.ts";
import { AnswerLog } from "./core/store/answer-log.ts";
import { SubscriptionStore } from "./core/store/subscriptions.ts";
import { UsageLog } from "./core/store/usage-log.ts";

// Composition root: configuration, store, index, answer service, then the adapter the configuration asks
// for — the Telegram bot with a token, a console chat without.
const { config, logger } = bootstrap();
const app = await orExit(() => openApp(config, logger));
// Articles added or removed by another process (npm run ingest, a second bot) become searchable here too.
app.library.follow(config.librarySyncIntervalMs);

if (config.telegramBotToken) {
  const database = app.library.store.database;
  const subscriptions = new SubscriptionStore(database);
  const bot = createBot(
    {
      library: app.library,
      answers: app.answers,
      answerLog: new AnswerLog(database),
      access: new AccessList(database),
      rateLimiter: new RateLimiter(config.telegram.rateLimitPerMinute),
      usage: new UsageLog(database),
      uploads: {
        maxBytes: config.uploads.maxBytes,
        urlTimeoutMs: config.uploads.urlTimeoutMs,
        allowLoopbackUrls: config.uploads.allowLoopbackUrls,
      },
      logger,
      settings: config.telegram,
      digest: {
        subscriptions,
        now: Date.now,
        settings: { defaultTime: config.digest.defaultTime, maxArticles: config.digest.maxArticles },
      },
    },
    {
      token: config.telegramBotToken,
      ...(config.telegram.apiRoot ? { apiRoot: config.telegram.apiRoot } : {}),
    },
  );
  let running: RunningBot;
  try {
    running = config.telegram.webhook
      ? await startWebhook(bot, logger, config.telegram.webhook)
      : await startPolling(bot, logger);
  } catch (error) {
    // Typically a wrong token (401) or no route to the Bot API server: say so and stop, no stack dump.
    const description = error instanceof Error ? error.message : String(error);
    logger.fatal({ err: error }, "could not start the Telegram bot");
    process.stderr.write(
      `Không khởi động được bot Telegram: ${description}\nKiểm tra TELEGRAM_BOT_TOKEN và kết nối tới Telegram (TELEGRAM_API_ROOT).\n`,
    );
    await app.close();
    process.exit(1);
  }
  logger.info({ mode: app.modeDescription }, "answering");
  // Digests go out through the same API client (its retry and throttling plugins included).
  const stopDigests = new DigestRunner({
    api: bot.api,
    library: app.library,
    subscriptions,
    logger,
    now: Date.now,
    settings: { maxArticles: config.digest.maxArticles },
    ...(app.answers.mode === "llm" ? { summarize: (article) => app.answers.summarizeArticle(article) } : {}),
  }).start(config.digest.checkIntervalMs);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: no new updates, finishing answers in flight");
    await running.stop();
    await stopDigests();
    await app.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
} else {
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  try {
    await runConsoleChat({
      library: app.library,
      answers: app.answers,
      input: process.stdin,
      output: process.stdout,
      mode: app.modeDescription,
      interactive: Boolean(process.stdin.isTTY),
    });
  } finally {
    await app.close();
  }
}
