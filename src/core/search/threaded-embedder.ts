import { Worker } from "node:worker_threads";
import type { Logger } from "../logger.ts";
import type { Embedder } from "./embedder.ts";

export interface EmbedWorkerData {
  dimensions: number;
  embedderId: string;
}
export interface EmbedRequest {
  id: number;
  texts: readonly string[];
}
export type EmbedReply =
  | { id: number; values: Float64Array }
  | { id: number; error: string }
  // The worker cannot serve at all (it is not the same embedder); it then answers nothing.
  | { fatal: string };

/** Fewer texts than this (a question, a title) are embedded in the calling thread: no round trip. */
const IN_THREAD_BELOW = 8;

export interface ThreadedEmbedder extends Embedder {
  /** Stops the worker; later calls embed in the calling thread. */
  close(): Promise<void>;
}

/**
 * The local embedder, run in a worker thread for batches: building an index then embeds the next
 * passages while this thread inserts the current ones (the two halves of indexing take about the same
 * time), and a bot following a bulk import keeps its event loop for members' questions. The worker runs
 * the same code over the same lexicon, so vectors are identical to `local`'s and the index's embedder id
 * does not change. If the worker fails to start or dies, embedding falls back to `local` (logged once).
 */
export function createThreadedEmbedder(local: Embedder, logger?: Logger): ThreadedEmbedder {
  let worker: Worker | null = null;
  let failed = false;
  let nextId = 0;
  const pending = new Map<
    number,
    { resolve: (v: number[][]) => void; reject: (e: Error) => void; count: number }
  >();

  const fail = (reason: string) => {
    if (!failed) logger?.warn({ reason }, "embedding worker unavailable; embedding in the main thread");
    failed = true;
    worker = null;
    for (const request of pending.values()) request.reject(new Error(reason));
    pending.clear();
  };

  const start = (): Worker | null => {
    if (worker || failed) return worker;
    try {
      worker = new Worker(new URL("./embed-worker.mjs", import.meta.url), {
        workerData: { dimensions: local.dimensions, embedderId: local.id } satisfies EmbedWorkerData,
        // The worker registers tsx itself; the parent's flags (a test runner's, an inspector) are not its.
        execArgv: [],
      });
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
      return null;
    }
    // An idle worker must not keep a finished command-line run alive.
    worker.unref();
    worker.on("message", (reply: EmbedReply) => {
      if ("fatal" in reply) {
        const stopping = worker;
        fail(reply.fatal);
        void stopping?.terminate();
        return;
      }
      const request = pending.get(reply.id);
      if (!request) return;
      pending.delete(reply.id);
      if ("error" in reply) {
        request.reject(new Error(reply.error));
        return;
      }
      const size = local.dimensions;
      const vectors: number[][] = [];
      for (let i = 0; i < request.count; i++)
        vectors.push(Array.from(reply.values.subarray(i * size, (i + 1) * size)));
      request.resolve(vectors);
    });
    worker.on("error", (error) => fail(error.message));
    worker.on("exit", (code) => {
      if (pending.size > 0 || code !== 0) fail(`embedding worker exited with code ${code}`);
      worker = null;
    });
    return worker;
  };

  const inWorker = (texts: readonly string[]) =>
    new Promise<number[][]>((resolve, reject) => {
      const target = start();
      if (!target) {
        reject(new Error("no worker"));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject, count: texts.length });
      // While requests are pending the worker keeps the process alive, so none is left unanswered.
      target.ref();
      target.postMessage({ id, texts } satisfies EmbedRequest);
    }).finally(() => {
      if (pending.size === 0) worker?.unref();
    });

  return {
    id: local.id,
    dimensions: local.dimensions,
    // Larger batches than in-thread: the work no longer blocks this thread, and fewer messages.
    batchSize: 32,
    async embed(texts, signal) {
      if (texts.length < IN_THREAD_BELOW || failed) return local.embed(texts, signal);
      try {
        return await inWorker(texts);
      } catch {
        return local.embed(texts, signal);
      }
    },
    async close() {
      const closing = worker;
      failed = true;
      worker = null;
      if (closing) await closing.terminate();
    },
  };
}
