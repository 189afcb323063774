import { bootstrap } from "./bootstrap.ts";
import { runConsoleChat } from "./cli/console-chat.ts";
import { openLibrary } from "./open-library.ts";

// Composition root: configuration, store, index, then the adapter the configuration asks for.
const { config, logger } = bootstrap();
const { library, close } = await openLibrary(config, logger);
const stop = () => {
  close();
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
    library,
    input: process.stdin,
    output: process.stdout,
    mode: "chỉ tìm kiếm (search-only: trả lời bằng các câu trích từ bài viết, không dùng LLM)",
    interactive: Boolean(process.stdin.isTTY),
  });
} finally {
  close();
}
