import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVAL_SETS, loadEvalSet } from "../../src/eval/eval-set.ts";
import { evaluateLibrary, evaluatePlainOrama } from "../../src/eval/run-eval.ts";
import { openSeedLibrary } from "../helpers/seed-library.ts";

// Floors reached by the current build (see README, "Quality"); a change that drops below them is a
// regression. They sit a little under the measured values so that one question may change its mind.
let seeded: Awaited<ReturnType<typeof openSeedLibrary>>;
beforeAll(async () => {
  seeded = await openSeedLibrary();
});
afterAll(() => seeded.close());

describe("evaluation floors", () => {
  it("holds on the tuning set", async () => {
    const questions = loadEvalSet(EVAL_SETS.dev);
    expect(questions.length).toBeGreaterThanOrEqual(25);
    const hybrid = await evaluateLibrary(seeded.library, questions, "hybrid");
    expect(hybrid.recallAt1).toBeGreaterThanOrEqual(0.85);
    expect(hybrid.recallAt5).toBeGreaterThanOrEqual(0.97);
    expect(hybrid.mrr).toBeGreaterThanOrEqual(0.9);
    expect(hybrid.factInAnswer).toBeGreaterThanOrEqual(0.9);
    expect(hybrid.abstentionAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  it("holds on the held-out set", async () => {
    const hybrid = await evaluateLibrary(seeded.library, loadEvalSet(EVAL_SETS.holdout), "hybrid");
    expect(hybrid.recallAt5).toBeGreaterThanOrEqual(0.95);
    expect(hybrid.factInAnswer).toBeGreaterThanOrEqual(0.9);
    expect(hybrid.abstentionAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it("beats plain Orama defaults by a wide margin", async () => {
    const questions = loadEvalSet(EVAL_SETS.dev);
    const hybrid = await evaluateLibrary(seeded.library, questions, "hybrid");
    const plain = await evaluatePlainOrama(seeded.library, questions);
    expect(hybrid.mrr - plain.mrr).toBeGreaterThan(0.2);
    expect(hybrid.factInAnswer - plain.factInAnswer).toBeGreaterThan(0.5);
  });
});
