import { openApp } from "./app.ts";
import { bootstrap } from "./bootstrap.ts";
import { runConsoleChat } from "./cli/console-chat.ts";

// Composition root: configuration, store, index, answer service, then the adapter the configuration asks for.
const { config, logger } = bootstrap();
const app = await openApp(config, logger);
const stop = () => {
  app.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

if (config.telegramBotToken) {
  // The Telegram adapter is the next capability (grammY); until it lands, say so rather than fail.
  logger.warn(
    "TELEGRAM_BOT_TOKEN is set but the Telegram adapter is not in this build yet; starting the console chat",
  );
}
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
  app.close();
}
