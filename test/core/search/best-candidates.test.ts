import { describe, expect, it } from "vitest";
import { cutoffFor } from "../../../src/core/search/best-candidates.ts";

describe("cutoffFor", () => {
  const entries: [number, number][] = [
    [1, 0.2],
    [2, 0.9],
    [3, 0.5],
    [4, 0.5],
    [5, 0.1],
  ];
  const keep = (limit: number | null) => {
    const cutoff = cutoffFor(
      Float64Array.from(entries, ([, score]) => score),
      limit,
    );
    return entries.filter(([, score]) => score >= cutoff);
  };

  it("keeps the best entries in their order, with everything tied to the last one", () => {
    expect(keep(2)).toEqual([
      [2, 0.9],
      [3, 0.5],
      [4, 0.5],
    ]);
    expect(keep(1)).toEqual([[2, 0.9]]);
    expect(keep(null)).toEqual(entries);
    expect(keep(10)).toEqual(entries);
    expect(cutoffFor(new Float64Array([0.3, 0.1]), null)).toBe(Number.NEGATIVE_INFINITY);
  });
});
