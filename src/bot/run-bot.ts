import { createServer, type Server } from "node:http";
import { run } from "@grammyjs/runner";
import { type Bot, type Context, webhookCallback } from "grammy";
import type { Logger } from "../core/logger.ts";
import { registerCommands } from "./create-bot.ts";

const IN_FLIGHT_GRACE_MS = 30_000;

export interface RunningBot {
  /** Stops taking updates and waits for the answers in flight. */
  stop: () => Promise<void>;
}

/** Long polling with grammY runner. */
export async function startPolling(bot: Bot<Context>, logger: Logger): Promise<RunningBot> {
  await bot.init();
  await registerCommands(bot, { logger });
  // A webhook left over from an earlier deployment would make getUpdates fail.
  await bot.api
    .deleteWebhook()
    .catch((error: unknown) => logger.warn({ err: error }, "deleteWebhook failed"));
  const runner = run(bot, { runner: { fetch: { allowed_updates: ["message", "callback_query"] } } });
  logger.info({ username: bot.botInfo.username, mode: "polling" }, "bot started");
  return {
    stop: async () => {
      if (runner.isRunning()) await runner.stop();
      // The runner stops fetching at once; answers already being composed finish (bounded wait).
      const deadline = Date.now() + IN_FLIGHT_GRACE_MS;
      while (runner.size() > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
}

/** Webhook mode: an HTTP server that checks Telegram's secret token header. */
export async function startWebhook(
  bot: Bot<Context>,
  logger: Logger,
  options: { url: string; secret: string; port: number; host?: string },
): Promise<RunningBot & { server: Server }> {
  await bot.init();
  await registerCommands(bot, { logger });
  const handle = webhookCallback(bot, "http", {
    secretToken: options.secret,
    onTimeout: "return",
    timeoutMilliseconds: 50_000,
  });
  const path = new URL(options.url).pathname;
  const server = createServer((req, res) => {
    if (req.method === "POST" && req.url === path) {
      handle(req, res).catch((error: unknown) => {
        logger.error({ err: error }, "webhook update failed");
        if (!res.headersSent) res.writeHead(500).end();
      });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? "0.0.0.0", resolve));
  await bot.api.setWebhook(options.url, {
    secret_token: options.secret,
    allowed_updates: ["message", "callback_query"],
  });
  logger.info({ username: bot.botInfo.username, mode: "webhook", port: options.port }, "bot started");
  return {
    server,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
