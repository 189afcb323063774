import { radix } from "@orama/orama/trees";
import { describe, expect, it } from "vitest";
import { findAllWordsLinear, originalFindAllWords } from "../../../src/core/search/orama-patches.ts";

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("the findAllWords fix for Orama's radix tree", () => {
  it("is what Orama uses now, and finds exactly what the original finds, in the same order", () => {
    expect(radix.RadixNode.prototype.findAllWords).toBe(findAllWordsLinear);
    const random = seededRandom(42);
    const letters = "abcđeê";
    const word = () =>
      Array.from(
        { length: 1 + Math.floor(random() * 5) },
        () => letters[Math.floor(random() * letters.length)],
      ).join("");
    for (let round = 0; round < 20; round++) {
      const tree = new radix.RadixTree();
      for (let i = 0; i < 300; i++) tree.insert(word(), Math.floor(random() * 80));
      for (let q = 0; q < 30; q++) {
        const term = word();
        const exact = random() < 0.3;
        const tolerance = random() < 0.3 ? 1 : 0;
        const patched = findAllWordsLinear.call(tree as never, {}, term, exact, tolerance);
        const original = originalFindAllWords.call(tree as never, {}, term, exact, tolerance);
        expect(patched, `${term} exact=${exact} tolerance=${tolerance}`).toEqual(original);
      }
    }
  });
});
