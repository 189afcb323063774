import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { BotDeps } from "../../src/bot/bot-deps.ts";
import { createBot } from "../../src/bot/create-bot.ts";
import { startPolling } from "../../src/bot/run-bot.ts";
import { ERROR_MESSAGES, type ErrorCode } from "../../src/core/errors.ts";
import { prepareArticle } from "../../src/core/ingest/ingest-article.ts";
import { botDeps, TEST_TOKEN } from "../helpers/bot-harness.ts";
import { asyncErrorCodeOf } from "../helpers/errors.ts";
import { buildPdf } from "../helpers/pdf.ts";
import { openSeedLibrary, recordingLogger } from "../helpers/seed-library.ts";
import { type ApiCall, startTelegramServer } from "../helpers/telegram-server.ts";

const ADMIN = { id: 909, is_bot: false, first_name: "Lan" };
const ALICE = { id: 101, is_bot: false, first_name: "Alice" };
const ADMIN_CHAT = { id: 909, type: "private" as const, first_name: "Lan" };
const ALICE_CHAT = { id: 101, type: "private" as const, first_name: "Alice" };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startBot(uploads: Partial<BotDeps["uploads"]> = {}) {
  const seeded = await openSeedLibrary();
  const telegram = await startTelegramServer();
  const logger = recordingLogger();
  const deps = botDeps(seeded.library, logger, { settings: { adminUserIds: [ADMIN.id] }, uploads });
  const bot = createBot(deps, { token: TEST_TOKEN, apiRoot: telegram.apiRoot, throttle: false });
  const running = await startPolling(bot, logger);
  cleanups.push(async () => {
    await running.stop();
    await telegram.close();
    await seeded.close();
  });
  const textOf = (call: ApiCall) => String(call.payload.text ?? "");
  /** The next message the bot sends to `chatId` after this point. */
  const nextReply = (chatId: number, matching: RegExp = /./) => {
    const from = telegram.calls.length;
    return () =>
      telegram.waitFor(
        (call) =>
          call.method === "sendMessage" &&
          Number(call.payload.chat_id) === chatId &&
          matching.test(textOf(call)),
        { from },
      );
  };
  return { telegram, library: seeded.library, logger, nextReply, textOf };
}

const ARTICLE = [
  "Sở Nội vụ tỉnh Kon Tum sơ kết cải cách hành chính quý I",
  "",
  "Ngày 12/4/2025, Sở Nội vụ tỉnh Kon Tum tổ chức hội nghị sơ kết công tác cải cách hành chính quý I năm 2025.",
  "Trong quý, toàn tỉnh tiếp nhận 45.210 hồ sơ thủ tục hành chính, giải quyết đúng hạn 98,7% và cắt giảm 17 thủ tục không cần thiết.",
].join("\n");

const undoData = (call: ApiCall) =>
  (call.payload.reply_markup as { inline_keyboard?: { callback_data: string }[][] } | undefined)
    ?.inline_keyboard?.[0]?.[0]?.callback_data;

describe("admins add articles from the chat", () => {
  it("adds an uploaded .txt, says what it understood, makes it answerable, and recognises it again", async () => {
    const { telegram, nextReply, textOf } = await startBot();
    const added = nextReply(ADMIN_CHAT.id, /Đã thêm/);
    telegram.sendDocument(ADMIN, ADMIN_CHAT, { fileName: "kon-tum.txt", bytes: Buffer.from(ARTICLE) });
    const reply = await added();
    expect(textOf(reply)).toContain("Sở Nội vụ tỉnh Kon Tum sơ kết cải cách hành chính quý I");
    expect(textOf(reply)).toMatch(/Ngày: 12\/04\/2025/);
    expect(textOf(reply)).toMatch(/Số đoạn để tìm kiếm: 1/);
    expect(undoData(reply)).toMatch(/^undo:\d+$/);
    expect(telegram.calls.some((call) => call.method === "downloadFile")).toBe(true);

    const answered = nextReply(ALICE_CHAT.id);
    telegram.sendText(ALICE, ALICE_CHAT, "Kon Tum giải quyết đúng hạn bao nhiêu phần trăm hồ sơ quý I?");
    expect(textOf(await answered())).toContain("98,7%");

    const again = nextReply(ADMIN_CHAT.id, /đã có trong thư viện/);
    telegram.sendDocument(ADMIN, ADMIN_CHAT, { fileName: "ban-sao.txt", bytes: Buffer.from(ARTICLE) });
    const duplicate = await again();
    expect(textOf(duplicate)).toMatch(/Mã: <code>a_[0-9a-f]{16}<\/code>/);
    expect(undoData(duplicate)).toBeUndefined();
  });

  it("reads a .docx sent as a document", async () => {
    const { telegram, nextReply, textOf } = await startBot();
    const added = nextReply(ADMIN_CHAT.id, /Đã thêm/);
    telegram.sendDocument(ADMIN, ADMIN_CHAT, {
      fileName: "so-ket.docx",
      bytes: readFileSync(new URL("../fixtures/so-ket-cchc-thanh-hoa.docx", import.meta.url)),
    });
    expect(textOf(await added())).toMatch(/Số đoạn để tìm kiếm: [1-9]/);
  });

  it("refuses, before downloading, a non-admin's document, an oversized file and an unsupported type", async () => {
    const { telegram, library, nextReply, textOf } = await startBot({ maxBytes: 1000 });
    const before = library.stats().articles;
    const refusedMember = nextReply(ALICE_CHAT.id);
    telegram.sendDocument(ALICE, ALICE_CHAT, { fileName: "tin.txt", bytes: Buffer.from(ARTICLE) });
    expect(textOf(await refusedMember())).toContain("Chỉ quản trị viên");

    const tooBig = nextReply(ADMIN_CHAT.id);
    telegram.sendDocument(ADMIN, ADMIN_CHAT, {
      fileName: "lon.pdf",
      bytes: Buffer.alloc(10),
      declaredSize: 25e6,
    });
    expect(textOf(await tooBig())).toMatch(/quá lớn \(tối đa/);

    const unsupported = nextReply(ADMIN_CHAT.id);
    telegram.sendDocument(ADMIN, ADMIN_CHAT, { fileName: "setup.exe", bytes: Buffer.from("MZ") });
    expect(textOf(await unsupported())).toContain("Chưa đọc được loại tệp này");
    expect(telegram.calls.filter((call) => call.method === "getFile")).toEqual([]);
    expect(library.stats().articles).toBe(before);
  });

  it("refuses a corrupt, a scanned and a password-protected PDF, each with its own reason", async () => {
    const { telegram, library, nextReply, textOf } = await startBot();
    const before = library.stats().articles;
    const cases = [
      { fileName: "hong.pdf", bytes: Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj"), says: /bị hỏng/ },
      { fileName: "scan.pdf", bytes: buildPdf({ pages: [null, null] }), says: /bản scan.*OCR/ },
      {
        fileName: "mat-khau.pdf",
        bytes: buildPdf({ pages: ["Van ban mat"], encrypted: true }),
        says: /mật khẩu/,
      },
    ];
    for (const { fileName, bytes, says } of cases) {
      const code = await asyncErrorCodeOf(() =>
        prepareArticle({ bytes, origin: "upload", originalName: fileName }),
      );
      const refused = nextReply(ADMIN_CHAT.id);
      telegram.sendDocument(ADMIN, ADMIN_CHAT, { fileName, bytes });
      const text = textOf(await refused());
      expect(text).toBe(ERROR_MESSAGES[code as ErrorCode]);
      expect(text).toMatch(says);
    }
    expect(library.stats().articles).toBe(before);
  });

  it("adds pasted text with /add, and undo removes it again", async () => {
    const { telegram, library, nextReply, textOf } = await startBot();
    const added = nextReply(ADMIN_CHAT.id, /Đã thêm/);
    telegram.sendText(ADMIN, ADMIN_CHAT, `/add ${ARTICLE}`);
    const reply = await added();
    const articleId = /Mã: <code>(a_[0-9a-f]{16})<\/code>/.exec(textOf(reply))?.[1] ?? "";
    expect(library.article(articleId)?.title).toBe("Sở Nội vụ tỉnh Kon Tum sơ kết cải cách hành chính quý I");

    const undone = nextReply(ADMIN_CHAT.id, /Đã gỡ bài vừa thêm/);
    telegram.press(ADMIN, ADMIN_CHAT, undoData(reply) ?? "");
    await undone();
    expect(library.article(articleId)).toBeNull();
    expect(library.store.auditLog(1)[0]).toMatchObject({ action: "undo", actor: "telegram:909 Lan" });

    const usage = nextReply(ADMIN_CHAT.id, /Cách thêm bài viết/);
    telegram.sendText(ADMIN, ADMIN_CHAT, "/add");
    await usage();
  });

  it("adds a web page with /add <url>, and refuses a private address", async () => {
    const server = createServer((_req, res) => {
      const paragraphs = ARTICLE.split("\n")
        .filter(Boolean)
        .map((line) => `<p>${line}</p>`)
        .join("");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<html><head><title>Cổng TTĐT</title></head><body><article><h1>${ARTICLE.split("\n")[0]}</h1>${paragraphs}</article></body></html>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tin/so-ket`;

    const open = await startBot({ allowLoopbackUrls: true });
    const added = open.nextReply(ADMIN_CHAT.id, /Đã thêm/);
    open.telegram.sendText(ADMIN, ADMIN_CHAT, `/add ${url}`);
    expect(open.textOf(await added())).toContain(`Nguồn: ${url}`);

    const strict = await startBot();
    const refused = strict.nextReply(ADMIN_CHAT.id);
    strict.telegram.sendText(ADMIN, ADMIN_CHAT, `/add ${url}`);
    expect(strict.textOf(await refused())).toContain("Không được phép tải trang từ địa chỉ này");
  });
});

describe("admins manage the library from the chat", () => {
  it("lists newest first with page buttons that edit the message", async () => {
    const { telegram, library, nextReply, textOf } = await startBot();
    for (let n = 1; n <= 7; n++) {
      await library.addDocument({
        origin: "upload",
        bytes: Buffer.from(
          `Tin số ${n} về cải cách hành chính\n\nNgày ${n}/5/2025, huyện ${n} giải quyết ${n * 100} hồ sơ đúng hạn.`,
        ),
      });
    }
    const listed = nextReply(ADMIN_CHAT.id, /Thư viện: 12 bài viết/);
    telegram.sendText(ADMIN, ADMIN_CHAT, "/list");
    const first = await listed();
    expect(textOf(first)).toMatch(/1\. Tin số 7 về cải cách hành chính/);
    expect(textOf(first)).toContain("Trang 1/2");
    const next = (first.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] })
      .inline_keyboard[0]?.[0];
    expect(next?.callback_data).toBe("list:10");

    const from = telegram.calls.length;
    telegram.press(ADMIN, ADMIN_CHAT, "list:10", (first.result as { message_id: number }).message_id);
    const edited = await telegram.waitFor((call) => call.method === "editMessageText", { from });
    expect(textOf(edited)).toContain("Trang 2/2");
    expect(textOf(edited)).toMatch(/11\. /);
  });

  it("removes only after confirmation, and undo brings the article back", async () => {
    const { telegram, library, nextReply } = await startBot();
    const id = "001_259d2cb143c2386b";
    const asked = nextReply(ADMIN_CHAT.id, /Xoá bài viết này/);
    telegram.sendText(ADMIN, ADMIN_CHAT, `/remove ${id}`);
    const question = await asked();
    expect(library.article(id)).not.toBeNull();
    const removed = nextReply(ADMIN_CHAT.id, /Đã xoá/);
    telegram.press(ADMIN, ADMIN_CHAT, `rm:${id}`, (question.result as { message_id: number }).message_id);
    const done = await removed();
    expect(library.article(id)).toBeNull();
    const restored = nextReply(ADMIN_CHAT.id, /Đã khôi phục/);
    telegram.press(ADMIN, ADMIN_CHAT, undoData(done) ?? "");
    await restored();
    expect(library.article(id)?.id).toBe(id);

    const unknown = nextReply(ADMIN_CHAT.id, /Không có bài viết mã/);
    telegram.sendText(ADMIN, ADMIN_CHAT, "/remove khong-co");
    await unknown();
    const member = nextReply(ALICE_CHAT.id, /Chỉ quản trị viên/);
    telegram.sendText(ALICE, ALICE_CHAT, `/remove ${id}`);
    await member();
    expect(library.article(id)).not.toBeNull();
  });

  it("shows statistics and the audit log", async () => {
    const { telegram, library, nextReply, textOf } = await startBot();
    await library.addDocument({ origin: "upload", bytes: Buffer.from(ARTICLE), actor: "telegram:909 Lan" });
    const answered = nextReply(ALICE_CHAT.id);
    telegram.sendText(ALICE, ALICE_CHAT, "Chỉ số PAR INDEX 2023 của Quảng Bình?");
    await answered();

    const stats = nextReply(ADMIN_CHAT.id, /Thống kê/);
    telegram.sendText(ADMIN, ADMIN_CHAT, "/stats");
    const text = textOf(await stats());
    expect(text).toContain("Bài viết: 6");
    expect(text).toMatch(/Câu hỏi đã trả lời: 1 · 👍 0 · 👎 0/);
    expect(text).toMatch(/LLM: 0 lượt gọi/);

    const audit = nextReply(ADMIN_CHAT.id, /Nhật ký thay đổi/);
    telegram.sendText(ADMIN, ADMIN_CHAT, "/audit");
    expect(textOf(await audit())).toMatch(/➕ thêm — Lan \(909\): Sở Nội vụ tỉnh Kon Tum/);
  });
});
