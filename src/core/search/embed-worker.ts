import { parentPort, workerData } from "node:worker_threads";
import { loadLexicon } from "../text/lexicon.ts";
import { createLocalEmbedder } from "./local-embedder.ts";
import type { EmbedReply, EmbedRequest, EmbedWorkerData } from "./threaded-embedder.ts";

// Runs the local embedder for a parent thread: texts in, vectors out as one transferred Float64Array.
const { dimensions, embedderId } = workerData as EmbedWorkerData;
const embedder = createLocalEmbedder(loadLexicon(), dimensions);
const port = parentPort;
if (!port) throw new Error("embed-worker.ts runs only as a worker thread");

// A worker whose lexicon differs from its parent's would give vectors the index does not expect.
if (embedder.id !== embedderId) {
  port.postMessage({ fatal: `worker embedder ${embedder.id} is not ${embedderId}` } satisfies EmbedReply);
} else {
  port.on("message", async ({ id, texts }: EmbedRequest) => {
    try {
      const vectors = await embedder.embed(texts);
      const values = new Float64Array(texts.length * dimensions);
      vectors.forEach((vector, i) => {
        values.set(vector, i * dimensions);
      });
      port.postMessage({ id, values } satisfies EmbedReply, [values.buffer]);
    } catch (error) {
      port.postMessage({
        id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies EmbedReply);
    }
  });
}
