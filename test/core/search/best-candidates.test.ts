import { describe, expect, it } from "vitest";
import { keepBest } from "../../../src/core/search/best-candidates.ts";

describe("keepBest", () => {
  it("keeps the best entries in their order, with everything tied to the last one", () => {
    const entries: [number, number][] = [
      [1, 0.2],
      [2, 0.9],
      [3, 0.5],
      [4, 0.5],
      [5, 0.1],
    ];
    expect(keepBest(entries, 2)).toEqual([
      [2, 0.9],
      [3, 0.5],
      [4, 0.5],
    ]);
    expect(keepBest(entries, 1)).toEqual([[2, 0.9]]);
    expect(keepBest(entries, null)).toBe(entries);
    expect(keepBest(entries, 10)).toBe(entries);
  });
});
