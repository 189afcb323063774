import { afterAll, describe, expect, it } from "vitest";
import { createLocalEmbedder } from "../../../src/core/search/local-embedder.ts";
import { createThreadedEmbedder } from "../../../src/core/search/threaded-embedder.ts";
import { loadLexicon } from "../../../src/core/text/lexicon.ts";

const lexicon = loadLexicon();
const local = createLocalEmbedder(lexicon);
const texts = Array.from(
  { length: 40 },
  (_, i) => `Chỉ số cải cách hành chính năm ${2000 + i} của tỉnh Quảng Bình đạt ${80 + i / 10} điểm`,
);

const recorder = () => {
  const warnings: unknown[] = [];
  return { warnings, logger: { warn: (...args: unknown[]) => warnings.push(args) } as never };
};

describe("the local embedder in a worker thread", () => {
  const served = recorder();
  const threaded = createThreadedEmbedder(local, served.logger);
  afterAll(() => threaded.close());

  it("gives exactly the vectors of the local embedder, under the same id", async () => {
    expect(threaded.id).toBe(local.id);
    const [fromWorker, inThread] = await Promise.all([threaded.embed(texts), local.embed(texts)]);
    expect(fromWorker).toEqual(inThread);
    // Several batches in flight at once come back to their own callers.
    const batches = await Promise.all(
      [texts.slice(0, 10), texts.slice(10, 30), texts.slice(30)].map((b) => threaded.embed(b)),
    );
    expect(batches.flat()).toEqual(inThread);
    // The worker answered: a fallback to the calling thread would have been logged.
    expect(served.warnings).toEqual([]);
  });

  it("falls back to the calling thread when the worker cannot serve (here: another lexicon)", async () => {
    const other = { ...local, id: `${local.id}-other`, embed: local.embed };
    const refused = recorder();
    const fallback = createThreadedEmbedder(other, refused.logger);
    expect(await fallback.embed(texts)).toEqual(await local.embed(texts));
    expect(refused.warnings).toHaveLength(1);
    await fallback.close();
    // After closing, embedding still works (in the calling thread).
    expect(await fallback.embed(texts.slice(0, 9))).toEqual(await local.embed(texts.slice(0, 9)));
  });
});
