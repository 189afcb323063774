import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { validateTelegramHtml } from "./telegram-html.ts";

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** What the server answered (for sendMessage: the Message, with its message_id). */
  result?: unknown;
}

interface Failure {
  error_code: number;
  description: string;
  times: number;
  /** Only calls to this chat fail (any chat when absent). */
  chatId?: number;
  parameters?: { retry_after?: number };
}

type User = { id: number; is_bot: boolean; first_name: string; username?: string; language_code?: string };
type Chat = { id: number; type: "private" | "group" | "supergroup"; title?: string; first_name?: string };

export const BOT_USER = { id: 4242, is_bot: true, first_name: "CCHC Bot", username: "cchc_test_bot" };

/**
 * A small Telegram Bot API server on 127.0.0.1 for end-to-end tests: the real grammY Bot talks HTTP to it.
 * It queues updates for getUpdates, records every call, validates HTML like Telegram (invalid markup gets
 * Telegram's 400), enforces the 4096-character limit, and can be told to fail a method.
 */
export async function startTelegramServer() {
  const calls: ApiCall[] = [];
  const pending: Record<string, unknown>[] = [];
  const failures = new Map<string, Failure>();
  const memberStatus = new Map<string, string>();
  const listeners = new Set<() => void>();
  const chats = new Map<number, Chat>();
  // Files members "sent", served by getFile and the file download endpoint like Telegram's.
  const files = new Map<string, Uint8Array>();
  let nextUpdateId = 1;
  let nextMessageId = 1000;
  const sockets = new Set<Socket>();

  const notify = () => {
    for (const listener of listeners) listener();
  };

  async function handle(method: string, payload: Record<string, unknown>): Promise<unknown> {
    if (method === "getUpdates") {
      const offset = Number(payload.offset ?? 0);
      while (pending.length > 0 && Number(pending[0]?.update_id) < offset) pending.shift();
      if (pending.length === 0) {
        await new Promise<void>((resolve) => {
          const done = () => {
            listeners.delete(done);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, 300);
          listeners.add(done);
        });
      }
      return pending.filter((update) => Number(update.update_id) >= offset);
    }
    const call: ApiCall = { method, payload };
    calls.push(call);
    try {
      call.result = await answer(method, payload);
      return call.result;
    } finally {
      notify();
    }
  }

  async function answer(method: string, payload: Record<string, unknown>): Promise<unknown> {
    const failure = failures.get(method);
    if (
      failure &&
      failure.times > 0 &&
      (failure.chatId === undefined || failure.chatId === Number(payload.chat_id))
    ) {
      failure.times--;
      throw Object.assign(new Error(failure.description), { telegram: failure });
    }
    switch (method) {
      case "getMe":
        return BOT_USER;
      case "getChatMember": {
        const status = memberStatus.get(`${Number(payload.chat_id)}:${Number(payload.user_id)}`) ?? "member";
        return { status, user: { id: Number(payload.user_id), is_bot: false, first_name: "?" } };
      }
      case "sendMessage":
      case "editMessageText": {
        const text = String(payload.text ?? "");
        if (payload.parse_mode === "HTML") {
          const problem = validateTelegramHtml(text);
          if (problem)
            throw Object.assign(new Error("x"), {
              telegram: { error_code: 400, description: `Bad Request: can't parse entities: ${problem}` },
            });
        } else if (text.length > 4096) {
          throw Object.assign(new Error("x"), {
            telegram: { error_code: 400, description: "Bad Request: message is too long" },
          });
        }
        const chatId = Number(payload.chat_id);
        return {
          message_id: method === "sendMessage" ? nextMessageId++ : Number(payload.message_id),
          date: Math.floor(Date.now() / 1000),
          chat: chats.get(chatId) ?? { id: chatId, type: "private", first_name: "?" },
          from: BOT_USER,
          text,
        };
      }
      case "getFile": {
        const fileId = String(payload.file_id ?? "");
        const bytes = files.get(fileId);
        if (!bytes)
          throw Object.assign(new Error("x"), {
            telegram: { error_code: 400, description: "Bad Request: invalid file_id" },
          });
        return {
          file_id: fileId,
          file_unique_id: `u-${fileId}`,
          file_size: bytes.length,
          file_path: `documents/${fileId}`,
        };
      }
      default:
        return true; // setMyCommands, sendChatAction, answerCallbackQuery, deleteWebhook, setWebhook…
    }
  }

  const server = createServer(async (req: IncomingMessage, res) => {
    const download = /^\/file\/bot[^/]+\/documents\/(.+)$/.exec(req.url ?? "");
    if (download) {
      calls.push({ method: "downloadFile", payload: { fileId: download[1] } });
      const bytes = files.get(download[1] ?? "");
      if (bytes) res.writeHead(200, { "content-type": "application/octet-stream" }).end(bytes);
      else res.writeHead(404).end();
      notify();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = /\/bot[^/]+\/(\w+)/.exec(req.url ?? "")?.[1] ?? "";
    const body = Buffer.concat(chunks).toString("utf8");
    const payload = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    try {
      const result = await handle(method, payload);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result }));
    } catch (error) {
      const telegram: Omit<Failure, "times"> = (error as { telegram?: Failure }).telegram ?? {
        error_code: 500,
        description: "Internal Server Error",
      };
      res.writeHead(telegram.error_code, { "content-type": "application/json" }).end(
        JSON.stringify({
          ok: false,
          error_code: telegram.error_code,
          description: telegram.description,
          ...(telegram.parameters ? { parameters: telegram.parameters } : {}),
        }),
      );
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  function pushUpdate(update: Record<string, unknown>): number {
    const id = nextUpdateId++;
    pending.push({ update_id: id, ...update });
    notify();
    return id;
  }

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    /** A text message from `from` in `chat`; returns its message id. */
    sendText(from: User, chat: Chat, text: string, extra: Record<string, unknown> = {}): number {
      chats.set(chat.id, chat);
      const messageId = nextMessageId++;
      const entities = text.startsWith("/")
        ? [{ type: "bot_command", offset: 0, length: text.split(/\s/)[0]?.length ?? 0 }]
        : undefined;
      pushUpdate({
        message: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat,
          from,
          text,
          ...(entities ? { entities } : {}),
          ...extra,
        },
      });
      return messageId;
    },
    /** Any other message (sticker, photo…). */
    sendMessageUpdate(from: User, chat: Chat, message: Record<string, unknown>): void {
      chats.set(chat.id, chat);
      pushUpdate({
        message: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from, ...message },
      });
    },
    /** A document message: the file is registered so that getFile and the download serve it. */
    sendDocument(
      from: User,
      chat: Chat,
      document: {
        fileName: string;
        bytes: Uint8Array;
        mimeType?: string;
        declaredSize?: number;
        caption?: string;
      },
    ): number {
      chats.set(chat.id, chat);
      const fileId = `f${nextMessageId}`;
      files.set(fileId, document.bytes);
      const messageId = nextMessageId++;
      pushUpdate({
        message: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat,
          from,
          document: {
            file_id: fileId,
            file_unique_id: `u-${fileId}`,
            file_name: document.fileName,
            mime_type: document.mimeType ?? "application/octet-stream",
            file_size: document.declaredSize ?? document.bytes.length,
          },
          ...(document.caption ? { caption: document.caption } : {}),
        },
      });
      return messageId;
    },
    /** A press on an inline button of message `messageId`. */
    press(from: User, chat: Chat, data: string, messageId = 1): void {
      pushUpdate({
        callback_query: {
          id: String(nextUpdateId * 7),
          from,
          chat_instance: "test",
          data,
          message: {
            message_id: messageId,
            date: Math.floor(Date.now() / 1000),
            chat,
            from: BOT_USER,
            text: "…",
          },
        },
      });
    },
    /**
     * Makes the next `times` calls of `method` fail with the given Telegram error (only those to `chatId`
     * when given; `retry_after` for a 429).
     */
    fail(
      method: string,
      error_code: number,
      description: string,
      times = 1,
      options: { chatId?: number; retryAfter?: number } = {},
    ): void {
      failures.set(method, {
        error_code,
        description,
        times,
        ...(options.chatId === undefined ? {} : { chatId: options.chatId }),
        ...(options.retryAfter === undefined ? {} : { parameters: { retry_after: options.retryAfter } }),
      });
    },
    /** What getChatMember answers for a user in a chat ("administrator", "creator", "member"…). */
    setMemberStatus(chatId: number, userId: number, status: string): void {
      memberStatus.set(`${chatId}:${userId}`, status);
    },
    /** Resolves with the first recorded call (from `from` on) that matches, or rejects after `timeoutMs`. */
    waitFor(
      predicate: (call: ApiCall) => boolean,
      options: { from?: number; timeoutMs?: number } = {},
    ): Promise<ApiCall> {
      const start = options.from ?? 0;
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.slice(start).find(predicate);
          if (!found) return false;
          listeners.delete(listener);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const listener = () => void check();
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(
            new Error(
              `no matching Bot API call within ${options.timeoutMs ?? 5000} ms; calls: ${calls.map((c) => c.method).join(", ")}`,
            ),
          );
        }, options.timeoutMs ?? 5000);
        if (!check()) listeners.add(listener);
      });
    },
    sent(chatId?: number): ApiCall[] {
      return calls.filter(
        (call) =>
          call.method === "sendMessage" && (chatId === undefined || Number(call.payload.chat_id) === chatId),
      );
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      notify();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
