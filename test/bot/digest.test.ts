import { afterEach, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/create-bot.ts";
import { DigestRunner } from "../../src/bot/digest-runner.ts";
import { startPolling } from "../../src/bot/run-bot.ts";
import { zonedInstant } from "../../src/core/digest/schedule.ts";
import type { Library } from "../../src/core/library.ts";
import { SubscriptionStore } from "../../src/core/store/subscriptions.ts";
import { botDeps, TEST_TOKEN } from "../helpers/bot-harness.ts";
import { openSeedLibrary, recordingLogger, tempDir } from "../helpers/seed-library.ts";
import { type ApiCall, startTelegramServer } from "../helpers/telegram-server.ts";

const ALICE = { id: 101, is_bot: false, first_name: "Alice" };
const BOB = { id: 202, is_bot: false, first_name: "Bob" };
const LAN = { id: 909, is_bot: false, first_name: "Lan" };
const ALICE_CHAT = { id: 101, type: "private" as const, first_name: "Alice" };
const BOB_CHAT = { id: 202, type: "private" as const, first_name: "Bob" };
const GROUP = { id: -100777, type: "supergroup" as const, title: "BCĐ CCHC tỉnh" };

// Days ahead of the real clock, so that everything already in the store is older than a day.
const DAY = 86_400_000;
const base = new Date(Date.now() + 3 * DAY);
const day = { year: base.getUTCFullYear(), month: base.getUTCMonth() + 1, day: base.getUTCDate() };
/** An instant on the test day, as a Hanoi wall clock shows it. */
const hanoi = (hour: number, minute: number, second = 0) =>
  zonedInstant(day, hour, minute, "Asia/Ho_Chi_Minh") + second * 1000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const article = (title: string, sentence: string) =>
  Buffer.from(`${title}\n\nNgày 20/11/2026, ${sentence} Đây là kết quả được Sở Nội vụ tổng hợp trong tháng.`);

async function startDigestBot(dataDir?: string) {
  const seeded = await openSeedLibrary(dataDir ? { dataDir } : {});
  const telegram = await startTelegramServer();
  const logger = recordingLogger();
  let clock = hanoi(6, 0);
  const now = () => clock;
  const deps = botDeps(seeded.library, logger, { settings: { adminUserIds: [LAN.id] }, now });
  const bot = createBot(deps, { token: TEST_TOKEN, apiRoot: telegram.apiRoot, throttle: false });
  const running = await startPolling(bot, logger);
  const subscriptions = new SubscriptionStore(seeded.library.store.database);
  const newRunner = () =>
    new DigestRunner({
      api: bot.api,
      library: seeded.library,
      subscriptions,
      logger,
      now,
      settings: { maxArticles: 15 },
    });
  cleanups.push(async () => {
    await running.stop();
    await telegram.close();
    await seeded.close();
  });
  const textOf = (call: ApiCall) => String(call.payload.text ?? "");
  /** Sends a command and waits for the bot's reply in that chat. */
  const command = async (from: typeof ALICE, chat: { id: number }, text: string) => {
    const start = telegram.calls.length;
    telegram.sendText(from, chat as typeof ALICE_CHAT, text);
    const reply = await telegram.waitFor(
      (call) => call.method === "sendMessage" && Number(call.payload.chat_id) === chat.id,
      { from: start },
    );
    return textOf(reply);
  };
  const digestsTo = (chatId: number) =>
    telegram.calls.filter(
      (call) =>
        call.method === "sendMessage" &&
        call.result !== undefined && // delivered, not refused by the server
        Number(call.payload.chat_id) === chatId &&
        /Bản tin thư viện/.test(textOf(call)),
    );
  return {
    telegram,
    library: seeded.library,
    subscriptions,
    logger,
    runner: newRunner(),
    newRunner,
    setClock: (at: number) => {
      clock = at;
    },
    command,
    digestsTo,
    textOf,
  };
}

async function add(library: Library, title: string, sentence: string) {
  return (await library.addDocument({ bytes: article(title, sentence), origin: "upload" })).article;
}

describe("daily digests (real grammY against a local Bot API server, controlled clock)", () => {
  it("sends one digest at 07:30, none at 07:31, and nothing more after a restart at 07:30:30", async () => {
    const bot = await startDigestBot();
    expect(await bot.command(ALICE, ALICE_CHAT, "/subscribe")).toContain("Đã đăng ký bản tin");
    const added = await add(
      bot.library,
      "Kon Tum số hóa 12.400 hồ sơ",
      "tỉnh Kon Tum đã số hóa 12.400 hồ sơ thủ tục hành chính.",
    );

    bot.setClock(hanoi(7, 29, 59));
    expect(await bot.runner.run()).toMatchObject({ due: 0 });
    bot.setClock(hanoi(7, 30));
    expect(await bot.runner.run()).toMatchObject({ due: 1, sent: 1 });
    const [digest] = bot.digestsTo(ALICE_CHAT.id);
    const text = bot.textOf(digest as ApiCall);
    expect(text).toContain("Kon Tum số hóa 12.400 hồ sơ");
    expect(text).toContain("12.400 hồ sơ thủ tục hành chính. Đây là kết quả");
    expect(text).toMatch(/\[1\]$/m);
    expect(JSON.stringify(digest?.payload.reply_markup)).toContain(`dga:${added.id}`);

    bot.setClock(hanoi(7, 31));
    expect(await bot.runner.run()).toMatchObject({ due: 0 });
    bot.setClock(hanoi(7, 30, 30));
    expect(await bot.newRunner().run()).toMatchObject({ due: 0 });
    expect(bot.digestsTo(ALICE_CHAT.id)).toHaveLength(1);
    // Tomorrow the article is not new any more: nothing is sent (no "no new articles" unless asked for).
    bot.setClock(hanoi(7, 30) + DAY);
    expect(await bot.runner.run()).toMatchObject({ due: 1, empty: 1 });
    expect(bot.digestsTo(ALICE_CHAT.id)).toHaveLength(1);
  });

  it("two instances racing over one store send a digest once", async () => {
    const bot = await startDigestBot();
    await bot.command(ALICE, ALICE_CHAT, "/subscribe 07:30");
    await add(
      bot.library,
      "Hà Giang giảm 30 thủ tục",
      "tỉnh Hà Giang cắt giảm 30 thủ tục hành chính nội bộ.",
    );
    bot.setClock(hanoi(7, 30));
    const results = await Promise.all([bot.newRunner().run(), bot.newRunner().run(), bot.newRunner().run()]);
    expect(results.reduce((sum, result) => sum + result.sent, 0)).toBe(1);
    expect(bot.digestsTo(ALICE_CHAT.id)).toHaveLength(1);
  });

  it("catches up once after downtime, with articles another process added and without removed ones", async () => {
    const dir = tempDir();
    cleanups.push(async () => dir.remove());
    const bot = await startDigestBot(dir.path);
    await bot.command(ALICE, ALICE_CHAT, "/subscribe 07:30");
    // Another process (its own store connection and index) adds two articles and removes one.
    const other = await openSeedLibrary({ dataDir: dir.path });
    const kept = await add(
      other.library,
      "Lào Cai đạt 97% hồ sơ đúng hạn",
      "tỉnh Lào Cai giải quyết 97% hồ sơ đúng hạn.",
    );
    const gone = await add(
      other.library,
      "Bài đăng nhầm về hội thao",
      "đơn vị tổ chức hội thao với 300 vận động viên tham gia.",
    );
    await other.library.removeArticle(gone.id, "admin");
    await other.close();

    bot.setClock(hanoi(9, 0)); // the bot was down from 07:00 to 09:00
    expect(await bot.runner.run()).toMatchObject({ due: 1, sent: 1 });
    bot.setClock(hanoi(9, 5));
    expect(await bot.runner.run()).toMatchObject({ due: 0 });
    const digests = bot.digestsTo(ALICE_CHAT.id);
    expect(digests).toHaveLength(1);
    expect(bot.textOf(digests[0] as ApiCall)).toContain(kept.title);
    expect(bot.textOf(digests[0] as ApiCall)).not.toContain("hội thao");
    expect(bot.textOf(digests[0] as ApiCall)).toMatch(/^1 bài mới/m);
  });

  it("filters by topics, with or without accents", async () => {
    const bot = await startDigestBot();
    await bot.command(ALICE, ALICE_CHAT, "/subscribe 07:30 chuyển đổi số");
    await bot.command(BOB, BOB_CHAT, "/subscribe 07:30 chuyen doi so, PAPI");
    await add(
      bot.library,
      "Đồng Nai đẩy mạnh chuyển đổi số",
      "tỉnh Đồng Nai triển khai chuyển đổi số tại 170 xã.",
    );
    await add(bot.library, "Sơn La tinh giản 120 biên chế", "tỉnh Sơn La tinh giản 120 biên chế trong năm.");
    bot.setClock(hanoi(7, 30));
    expect(await bot.runner.run()).toMatchObject({ due: 2, sent: 2 });
    for (const chat of [ALICE_CHAT, BOB_CHAT]) {
      const text = bot.textOf(bot.digestsTo(chat.id)[0] as ApiCall);
      expect(text).toContain("Đồng Nai đẩy mạnh chuyển đổi số");
      expect(text).not.toContain("Sơn La");
    }
  });

  it("lets a group's admin subscribe the group, and refuses its other members", async () => {
    const bot = await startDigestBot();
    bot.telegram.setMemberStatus(GROUP.id, LAN.id, "administrator");
    expect(await bot.command(ALICE, GROUP, "/subscribe@cchc_test_bot 07:30")).toContain(
      "Chỉ quản trị viên của nhóm",
    );
    expect(bot.subscriptions.get(String(GROUP.id))).toBeNull();
    expect(await bot.command(LAN, GROUP, "/subscribe 07:30")).toContain("cho nhóm");
    await add(bot.library, "Nghệ An công bố SIPAS 2026", "tỉnh Nghệ An công bố chỉ số SIPAS đạt 85,2%.");
    bot.setClock(hanoi(7, 30));
    expect(await bot.runner.run()).toMatchObject({ sent: 1 });
    expect(bot.digestsTo(GROUP.id)).toHaveLength(1);
    expect(await bot.command(ALICE, GROUP, "/unsubscribe")).toContain("Chỉ quản trị viên của nhóm");
    expect(bot.subscriptions.get(String(GROUP.id))?.active).toBe(true);
  });

  it("ends a subscription Telegram refuses (403), retries a 429, and one failure never stops the others", async () => {
    const bot = await startDigestBot();
    await bot.command(ALICE, ALICE_CHAT, "/subscribe 07:30");
    await bot.command(BOB, BOB_CHAT, "/subscribe 07:30");
    await add(
      bot.library,
      "Bình Định rút ngắn 40% thời gian",
      "tỉnh Bình Định rút ngắn 40% thời gian giải quyết hồ sơ.",
    );
    bot.telegram.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", 1, {
      chatId: ALICE_CHAT.id,
    });
    bot.setClock(hanoi(7, 30));
    expect(await bot.runner.run()).toMatchObject({ due: 2, sent: 1, failed: 1 });
    expect(bot.subscriptions.get(String(ALICE_CHAT.id))).toMatchObject({
      active: false,
      endedReason: "telegram 403: Forbidden: bot was blocked by the user",
    });
    expect(bot.digestsTo(BOB_CHAT.id)).toHaveLength(1);

    // Tomorrow Telegram asks Bob's digest to wait a second: it is retried after retry_after and sent once.
    await add(
      bot.library,
      "Bình Định mở thêm 5 điểm một cửa",
      "tỉnh Bình Định mở thêm 5 điểm tiếp nhận hồ sơ một cửa.",
    );
    bot.telegram.fail("sendMessage", 429, "Too Many Requests: retry after 1", 1, {
      chatId: BOB_CHAT.id,
      retryAfter: 1,
    });
    bot.setClock(hanoi(7, 30) + DAY);
    expect(await bot.runner.run()).toMatchObject({ due: 1, sent: 1 });
    expect(bot.digestsTo(BOB_CHAT.id)).toHaveLength(2);
    const attempts = bot.telegram.calls.filter(
      (call) =>
        call.method === "sendMessage" &&
        Number(call.payload.chat_id) === BOB_CHAT.id &&
        /Bản tin/.test(bot.textOf(call)),
    );
    expect(attempts).toHaveLength(3);
    expect(bot.logger.records.some((record) => record.message === "digest run")).toBe(true);
  });

  it("follows the member's time zone", async () => {
    const bot = await startDigestBot();
    expect(await bot.command(ALICE, ALICE_CHAT, "/subscribe 07:30 Europe/Berlin")).toContain("Europe/Berlin");
    await add(bot.library, "Cà Mau số hóa hộ tịch", "tỉnh Cà Mau số hóa 1,2 triệu bản hộ tịch.");
    const berlin = (hour: number, minute: number) => zonedInstant(day, hour, minute, "Europe/Berlin");
    bot.setClock(berlin(7, 29));
    expect(await bot.runner.run()).toMatchObject({ due: 0 });
    bot.setClock(berlin(7, 30));
    expect(await bot.runner.run()).toMatchObject({ sent: 1 });
  });

  it("explains wrong input, shows and changes settings with buttons, and stops on /unsubscribe", async () => {
    const bot = await startDigestBot();
    expect(await bot.command(ALICE, ALICE_CHAT, "/subscribe 25:99")).toMatch(
      /«25:99» không phải giờ hợp lệ[\s\S]*Ví dụ/,
    );
    expect(await bot.command(ALICE, ALICE_CHAT, "/subscribe 07:30 Mars/Olympus")).toContain(
      "không biết múi giờ «Mars/Olympus»",
    );
    expect(await bot.command(ALICE, ALICE_CHAT, "/settings")).toContain("chưa đăng ký");
    await bot.command(ALICE, ALICE_CHAT, "/subscribe 07:30 SIPAS");
    const settings = await bot.command(ALICE, ALICE_CHAT, "/settings");
    expect(settings).toContain("07:30");
    expect(settings).toContain("SIPAS");
    const from = bot.telegram.calls.length;
    bot.telegram.press(ALICE, ALICE_CHAT, "sub:time:18:00");
    await bot.telegram.waitFor((call) => call.method === "editMessageText", { from });
    expect(bot.subscriptions.get(String(ALICE_CHAT.id))).toMatchObject({
      hour: 18,
      minute: 0,
      topics: ["SIPAS"],
    });
    expect(await bot.command(ALICE, ALICE_CHAT, "/unsubscribe")).toContain("Đã ngừng");
    expect(bot.subscriptions.get(String(ALICE_CHAT.id))?.active).toBe(false);
  });
});
