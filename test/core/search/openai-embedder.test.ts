import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { createOpenAiEmbedder } from "../../../src/core/search/openai-embedder.ts";
import { embeddingsReply, startOpenAiServer } from "../../helpers/openai-server.ts";

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve(handler: Parameters<typeof startOpenAiServer>[0]) {
  const server = await startOpenAiServer(handler);
  servers.push(server);
  const client = new OpenAI({ apiKey: "test-key", baseURL: server.baseUrl, maxRetries: 1 });
  return { server, client };
}

describe("OpenAI-compatible embedder (real SDK, local server)", () => {
  it("learns the vector size from a probe and embeds in order", async () => {
    const { server, client } = await serve((request) => {
      const reply = embeddingsReply(request, 12);
      // Compatible servers may return items out of order; the index field says which is which.
      (reply.body as { data: unknown[] }).data.reverse();
      return reply;
    });
    const embedder = await createOpenAiEmbedder({ client, model: "bge-m3", timeoutMs: 2000 });
    expect(embedder.dimensions).toBe(12);
    expect(embedder.id).toBe("openai:bge-m3:12");
    const [short, long] = await embedder.embed(["a", "a much longer text"]);
    const [shortAgain] = await embedder.embed(["a"]);
    expect(short).toEqual(shortAgain);
    expect(long).not.toEqual(short);
    const last = server.requests.at(-1);
    expect(last?.path).toBe("/v1/embeddings");
    expect(last?.headers.authorization).toBe("Bearer test-key");
    expect(last?.body).toMatchObject({ encoding_format: "float", model: "bge-m3" });
  });

  it("rejects a reply with the wrong number of vectors", async () => {
    const { client } = await serve(() => ({ body: { object: "list", data: [], model: "m", usage: {} } }));
    await expect(createOpenAiEmbedder({ client, model: "m", timeoutMs: 2000 })).rejects.toMatchObject({
      code: "EMBEDDINGS_FAILED",
    });
  });

  it("rejects vectors that are not numbers", async () => {
    const { client } = await serve(() => ({
      body: {
        object: "list",
        data: [{ object: "embedding", index: 0, embedding: ["x", null] }],
        model: "m",
        usage: {},
      },
    }));
    await expect(createOpenAiEmbedder({ client, model: "m", timeoutMs: 2000 })).rejects.toMatchObject({
      code: "EMBEDDINGS_FAILED",
    });
  });

  it("gives up after bounded retries on 500 and on malformed JSON", async () => {
    const broken = await serve(() => ({ status: 500, body: { error: { message: "boom" } } }));
    await expect(
      createOpenAiEmbedder({ client: broken.client, model: "m", timeoutMs: 2000 }),
    ).rejects.toThrow();
    expect(broken.server.requests).toHaveLength(2); // first try + maxRetries: 1

    const garbled = await serve(() => ({ body: "{not json" }));
    await expect(
      createOpenAiEmbedder({ client: garbled.client, model: "m", timeoutMs: 2000 }),
    ).rejects.toThrow();
  });

  it("times out a slow endpoint", async () => {
    const { client } = await serve((request) => ({ ...embeddingsReply(request), delayMs: 1500 }));
    const started = Date.now();
    await expect(
      createOpenAiEmbedder({ client: client.withOptions({ maxRetries: 0 }), model: "m", timeoutMs: 200 }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1400);
  });
});
