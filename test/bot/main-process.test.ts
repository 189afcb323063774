import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../helpers/run-cli.ts";
import { tempDir } from "../helpers/seed-library.ts";
import { startTelegramServer } from "../helpers/telegram-server.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dir = tempDir();
afterAll(() => dir.remove());

function startMain(apiRoot: string, env: Record<string, string> = {}) {
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
      ...env,
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

  it("answers from an article that `npm run ingest` added while it runs, without a restart", async () => {
    const telegram = await startTelegramServer();
    const { child, exited } = startMain(telegram.apiRoot, { LIBRARY_SYNC_INTERVAL_MS: "300" });
    const member = { id: 8, is_bot: false, first_name: "Minh" };
    const chat = { id: 8, type: "private" as const, first_name: "Minh" };
    try {
      await telegram.waitFor((call) => call.method === "setMyCommands", { timeoutMs: 20_000 });
      const file = join(dir.path, "dak-nong.txt");
      writeFileSync(
        file,
        "Đắk Nông công bố chỉ số hài lòng năm 2025\n\nNgày 9/6/2025, UBND tỉnh Đắk Nông công bố chỉ số hài lòng SIPAS năm 2025 đạt 91,37%, cao nhất từ trước đến nay.",
      );
      const ingest = await runCli("src/cli/ingest.ts", [file], { dataDir: dir.path });
      expect(ingest.code).toBe(0);
      await vi.waitFor(
        async () => {
          const from = telegram.calls.length;
          telegram.sendText(member, chat, "SIPAS 2025 của Đắk Nông đạt bao nhiêu?");
          const answer = await telegram.waitFor(
            (call) => call.method === "sendMessage" && Number(call.payload.chat_id) === chat.id,
            { from, timeoutMs: 10_000 },
          );
          expect(String(answer.payload.text)).toContain("91,37%");
        },
        { timeout: 15_000, interval: 500 },
      );
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
      await telegram.close();
    }
  });

  it("sends a subscriber's digest from the real scheduler once, and not again after a restart", async () => {
    const file = join(dir.path, "gia-lai.txt");
    writeFileSync(
      file,
      "Gia Lai vận hành trung tâm phục vụ hành chính công mới\n\nNgày 20/11/2026, tỉnh Gia Lai đưa vào vận hành trung tâm phục vụ hành chính công mới, tiếp nhận 1.250 hồ sơ trong tuần đầu.",
    );
    expect((await runCli("src/cli/ingest.ts", [file], { dataDir: dir.path })).code).toBe(0);
    const telegram = await startTelegramServer();
    const env = { DIGEST_CHECK_INTERVAL_MS: "300" };
    let bot = startMain(telegram.apiRoot, env);
    const member = { id: 9, is_bot: false, first_name: "Hà" };
    const chat = { id: 9, type: "private" as const, first_name: "Hà" };
    const digests = () =>
      telegram.calls.filter(
        (call) =>
          call.method === "sendMessage" &&
          Number(call.payload.chat_id) === chat.id &&
          String(call.payload.text).includes("Bản tin thư viện"),
      );
    try {
      await telegram.waitFor((call) => call.method === "setMyCommands", { timeoutMs: 20_000 });
      // Subscribe for the current minute of Hanoi's clock (not in its last seconds, so it stays current).
      const clock = () => new Date(Date.now() + 7 * 3_600_000);
      if (clock().getUTCSeconds() >= 50) await new Promise((resolve) => setTimeout(resolve, 11_000));
      const time = clock().toISOString().slice(11, 16);
      const from = telegram.calls.length;
      telegram.sendText(member, chat, `/subscribe ${time}`);
      await telegram.waitFor((call) => String(call.payload.text).includes("Đã đăng ký"), {
        from,
        timeoutMs: 10_000,
      });
      const digest = await telegram.waitFor(
        (call) => call.method === "sendMessage" && String(call.payload.text).includes("Bản tin thư viện"),
        { from, timeoutMs: 10_000 },
      );
      expect(String(digest.payload.text)).toContain("Gia Lai vận hành trung tâm phục vụ hành chính công mới");
      bot.child.kill("SIGTERM");
      expect(await bot.exited).toBe(0);

      // Restarted within the same minute's period: the store says it was sent; nothing goes out again.
      bot = startMain(telegram.apiRoot, env);
      const restarted = telegram.calls.length;
      await telegram.waitFor((call) => call.method === "setMyCommands", {
        from: restarted,
        timeoutMs: 20_000,
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(digests()).toHaveLength(1);
      bot.child.kill("SIGTERM");
      expect(await bot.exited).toBe(0);
    } finally {
      bot.child.kill("SIGKILL");
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
