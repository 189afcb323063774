import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/seed-library.ts";
import { startTelegramServer } from "../helpers/telegram-server.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dir = tempDir();
afterAll(() => dir.remove());

function startMain(apiRoot: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      DATA_DIR: dir.path,
      LOG_LEVEL: "info",
      TELEGRAM_BOT_TOKEN: "123456:TEST-token",
      TELEGRAM_API_ROOT: apiRoot,
      OPENAI_API_KEY: "",
      OPENAI_BASE_URL: "",
      EMBEDDINGS_MODEL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stderr: "" };
  child.stderr.on("data", (chunk) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, output, exited };
}

describe("npm start with a Telegram token", () => {
  it("runs the bot against the configured Bot API server and shuts down cleanly on SIGTERM", async () => {
    const telegram = await startTelegramServer();
    const { child, output, exited } = startMain(telegram.apiRoot);
    try {
      await telegram.waitFor((call) => call.method === "setMyCommands", { timeoutMs: 20_000 });
      telegram.sendText(
        { id: 7, is_bot: false, first_name: "Lan" },
        { id: 7, type: "private", first_name: "Lan" },
        "tinh gian bien che vien chuc it nhat bao nhieu",
      );
      const answer = await telegram.waitFor(
        (call) => call.method === "sendMessage" && call.payload.parse_mode === "HTML",
        { timeoutMs: 20_000 },
      );
      expect(String(answer.payload.text)).toContain("10%");
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(output.stderr).toContain("shutting down");
      expect(output.stderr).not.toContain("TEST-token");
    } finally {
      child.kill("SIGKILL");
      await telegram.close();
    }
  });

  it("stops with a clear message when Telegram refuses the token", async () => {
    const telegram = await startTelegramServer();
    telegram.fail("getMe", 401, "Unauthorized", 10);
    const { child, output, exited } = startMain(telegram.apiRoot);
    try {
      expect(await exited).toBe(1);
      expect(output.stderr).toContain("Không khởi động được bot Telegram");
      expect(output.stderr).toContain("401");
      expect(output.stderr).not.toContain("TEST-token");
    } finally {
      child.kill("SIGKILL");
      await telegram.close();
    }
  });
});
