import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../src/bench/synthetic-corpus.ts";
import { kthSmallest } from "../../../src/core/search/best-candidates.ts";
import { BLOCK, FlatVectors } from "../../../src/core/search/flat-vectors.ts";

const SIZE = 24;
const random = seededRandom(11);
const randomVector = (zeroShare = 0) =>
  Array.from({ length: SIZE }, () => (random() < zeroShare ? 0 : random() - 0.5));

// Orama's findSimilarVectors (trees/vector.js), row by row over float32 copies: the reference.
function reference(rows: Map<number, number[]>, query: number[], similarity: number): [number, number][] {
  const q = new Float32Array(query);
  const magnitude = (v: Float32Array) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
  const results: [number, number][] = [];
  for (const [id, vector] of rows) {
    const v = new Float32Array(vector);
    let dot = 0;
    for (let i = 0; i < SIZE; i++) dot += (q[i] as number) * (v[i] as number);
    const cosine = dot / (magnitude(q) * magnitude(v));
    if (cosine >= similarity) results.push([id, cosine]);
  }
  return results;
}
const byId = (entries: [number, number][]) => [...entries].sort((a, b) => a[0] - b[0]);

describe("FlatVectors", () => {
  // Three and a half blocks, then a third of the rows removed (the last row moves into each hole) and
  // some re-added under their old ids: every block boundary and the padded last block are exercised.
  const rows = new Map<number, number[]>();
  const flat = new FlatVectors(SIZE);
  for (let id = 0; id < BLOCK * 3.5; id++) rows.set(id, randomVector());
  for (const [id, vector] of rows) flat.add(id, vector);
  for (let id = 0; id < BLOCK * 3.5; id += 3) {
    rows.delete(id);
    flat.remove(id);
  }
  for (let id = 0; id < BLOCK; id += 9) {
    rows.set(id, randomVector());
    flat.add(id, rows.get(id) as number[]);
  }

  it("finds exactly Orama's similarities, for dense and sparse questions", () => {
    expect(flat.length).toBe(rows.size);
    for (const zeroShare of [0, 0.8]) {
      const query = randomVector(zeroShare);
      for (const similarity of [-1, 0.2]) {
        expect(byId(flat.find(query, similarity))).toEqual(byId(reference(rows, query, similarity)));
      }
    }
  });

  it("returns stored vectors and honours a filter", () => {
    const [magnitude, vector] = flat.get(1) ?? [0, new Float32Array()];
    expect(Array.from(vector)).toEqual(Array.from(new Float32Array(rows.get(1) as number[])));
    expect(magnitude).toBeGreaterThan(0);
    expect(flat.get(3)).toBeUndefined();
    const query = randomVector();
    const found = flat.find(query, -1, new Set([1, 2, 4]));
    expect(found.map(([id]) => id).sort()).toEqual([1, 2, 4]);
  });

  it("keeps only the best candidates when bounded, and the same after a round trip through its arrays", () => {
    const bounded = FlatVectors.fromArrays(flat.exportArrays(), () => 10);
    const query = randomVector(0.5);
    const best = byId(reference(rows, query, -1))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10);
    expect(byId(bounded.find(query, -1))).toEqual(byId(best));
    // The copy goes on working: it grows past its loaded size and removes.
    bounded.add(100_000, randomVector());
    bounded.reserve(10);
    bounded.remove(2);
    expect(bounded.length).toBe(flat.length);
    expect(bounded.get(100_000)).toBeDefined();
    expect(bounded.get(2)).toBeUndefined();
  });

  it("ignores a zero vector, as Orama does (its cosine is not a number)", () => {
    const withZero = new FlatVectors(SIZE);
    withZero.add(1, new Array(SIZE).fill(0));
    withZero.add(2, randomVector());
    expect(withZero.find(randomVector(), -1).map(([id]) => id)).toEqual([2]);
  });
});

describe("kthSmallest", () => {
  it("agrees with sorting, with duplicates", () => {
    for (const length of [1, 2, 7, 100, 1000]) {
      const values = Float64Array.from({ length }, () => Math.floor(random() * 20) / 4);
      const sorted = [...values].sort((a, b) => a - b);
      for (const k of [0, length >> 1, length - 1]) expect(kthSmallest(values.slice(), k)).toBe(sorted[k]);
    }
  });
});
