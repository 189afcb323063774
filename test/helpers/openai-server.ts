import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as is (for malformed replies). */
  body?: unknown;
  /** Wait this long before answering (for timeouts). */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 for tests: each request is answered by `handler`,
 * which the test controls (good replies, 429, 500, slow or malformed ones). The real `openai` SDK talks to it.
 */
export async function startOpenAiServer(
  handler: (request: RecordedRequest) => FakeReply | Promise<FakeReply>,
) {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // keep the raw text
    }
    const request = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body };
    requests.push(request);
    const reply = await handler(request);
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (res.destroyed) return;
    const payload = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
    res.end(payload);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function checksum(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum = (sum * 31 + text.charCodeAt(i)) % 100_003;
  return sum;
}

/** A deterministic embeddings reply: each input becomes a small vector derived from its characters. */
export function embeddingsReply(request: RecordedRequest, dimensions = 8): FakeReply {
  const input = (request.body as { input: string[] | string }).input;
  const inputs = Array.isArray(input) ? input : [input];
  return {
    body: {
      object: "list",
      model: "test-embedding",
      data: inputs.map((text, index) => ({
        object: "embedding",
        index,
        embedding: Array.from(
          { length: dimensions },
          (_, d) => (((checksum(text) + 1) * (d + 3)) % 101) / 101 + 0.01,
        ),
      })),
      usage: { prompt_tokens: 1, total_tokens: 1 },
    },
  };
}

/** A Chat Completions reply with `content` as the assistant's message. */
export function chatReply(content: string, usage = { prompt_tokens: 900, completion_tokens: 60 }): FakeReply {
  return {
    body: {
      id: "chatcmpl-test",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "test-model",
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    },
  };
}

/** The messages of a recorded chat request. */
export function messagesOf(request: RecordedRequest): { role: string; content: string }[] {
  return (request.body as { messages?: { role: string; content: string }[] })?.messages ?? [];
}

/** The number of the passage (<tài_liệu số="n">) in a chat request whose text contains `needle`. */
export function passageNumberWith(request: RecordedRequest, needle: string): number | null {
  const user = messagesOf(request).find((message) => message.role === "user")?.content ?? "";
  for (const match of user.matchAll(/<tài_liệu số="(\d+)">([\s\S]*?)<\/tài_liệu>/gu)) {
    if (match[2]?.includes(needle)) return Number(match[1]);
  }
  return null;
}
