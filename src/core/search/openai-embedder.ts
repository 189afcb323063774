import type OpenAI from "openai";
import { CchcError } from "../errors.ts";
import type { Embedder } from "./embedder.ts";

const BATCH = 64;

/**
 * Embeddings from any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, LM Studio…). Probes the endpoint
 * once to learn the vector size, so that the index can record it.
 */
export async function createOpenAiEmbedder(options: {
  client: OpenAI;
  model: string;
  dimensions?: number | null;
  timeoutMs: number;
}): Promise<Embedder> {
  const { client, model, timeoutMs } = options;

  async function embedBatch(texts: readonly string[], signal?: AbortSignal): Promise<number[][]> {
    const response = await client.embeddings.create(
      {
        model,
        input: [...texts],
        // Compatible servers rarely support the SDK's default base64 transport.
        encoding_format: "float",
        ...(options.dimensions ? { dimensions: options.dimensions } : {}),
      },
      { timeout: timeoutMs, ...(signal ? { signal } : {}) },
    );
    const data = Array.isArray(response?.data) ? [...response.data] : [];
    if (data.length !== texts.length) {
      throw new CchcError("EMBEDDINGS_FAILED", `asked for ${texts.length} vectors, got ${data.length}`);
    }
    data.sort((a, b) => a.index - b.index);
    return data.map((item) => {
      const vector = item.embedding as unknown;
      if (
        !Array.isArray(vector) ||
        vector.length === 0 ||
        !vector.every((x) => typeof x === "number" && Number.isFinite(x))
      ) {
        throw new CchcError("EMBEDDINGS_FAILED", "an embedding is not a list of finite numbers");
      }
      return vector as number[];
    });
  }

  const [probe] = await embedBatch(["cải cách hành chính"]);
  const dimensions = probe?.length ?? 0;
  return {
    id: `openai:${model}:${dimensions}`,
    dimensions,
    async embed(texts, signal) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += BATCH) {
        for (const vector of await embedBatch(texts.slice(start, start + BATCH), signal)) {
          if (vector.length !== dimensions) {
            throw new CchcError(
              "EMBEDDINGS_FAILED",
              `vector of ${vector.length} dimensions, expected ${dimensions}`,
            );
          }
          vectors.push(vector);
        }
      }
      return vectors;
    },
  };
}
