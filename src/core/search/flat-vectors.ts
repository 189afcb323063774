import { keepBest } from "./best-candidates.ts";

/**
 * A drop-in for Orama's VectorIndex (trees/vector.js) that keeps all vectors in one contiguous
 * Float32Array instead of a Map of small arrays. The brute-force scan is the same arithmetic in the same
 * order — so similarities are identical — but runs over adjacent memory: at 10k passages a vector query
 * costs about half as much. Removal moves the last vector into the freed row. With `candidates` set,
 * only that many of the best matches are returned (see best-candidates.ts).
 */
/** Vectors by row: internal ids, float64 magnitudes (as Orama computes them), float32 values. */
export interface FlatVectorArrays {
  size: number;
  ids: Int32Array;
  magnitudes: Float64Array;
  values: Float32Array;
}

export class FlatVectors {
  readonly size: number;
  private values: Float32Array;
  private ids: Int32Array;
  private magnitudes: Float64Array;
  private count = 0;
  private readonly rowOf = new Map<number, number>();

  /** `candidates`: how many of the best matches `find` returns (null: all, as Orama). */
  constructor(
    size: number,
    private readonly candidates: () => number | null = () => null,
    capacity = 256,
  ) {
    this.size = size;
    this.values = new Float32Array(capacity * size);
    this.ids = new Int32Array(capacity);
    this.magnitudes = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Stores a vector; like Orama, the magnitude is that of its float32 form unless given (when loading). */
  add(id: number, value: ArrayLike<number>, magnitude?: number): void {
    if (this.rowOf.has(id)) this.remove(id);
    if (this.count === this.ids.length) this.grow();
    const row = this.count++;
    const stored = this.values.subarray(row * this.size, (row + 1) * this.size);
    stored.set(value.length === this.size ? value : Array.from(value).slice(0, this.size));
    this.ids[row] = id;
    this.magnitudes[row] = magnitude ?? magnitudeOf(stored, this.size);
    this.rowOf.set(id, row);
  }

  remove(id: number): void {
    const row = this.rowOf.get(id);
    if (row === undefined) return;
    const last = --this.count;
    if (row !== last) {
      this.values.copyWithin(row * this.size, last * this.size, (last + 1) * this.size);
      const movedId = this.ids[last] ?? 0;
      this.ids[row] = movedId;
      this.magnitudes[row] = this.magnitudes[last] ?? 0;
      this.rowOf.set(movedId, row);
    }
    this.rowOf.delete(id);
  }

  /** The stored vector (a view) and its magnitude, or undefined. */
  get(id: number): [number, Float32Array] | undefined {
    const row = this.rowOf.get(id);
    if (row === undefined) return undefined;
    return [this.magnitudes[row] ?? 0, this.values.subarray(row * this.size, (row + 1) * this.size)];
  }

  /** Orama's contract: every [id, cosine] with cosine ≥ `similarity`, optionally only among `whereFiltersIDs`. */
  find(vector: ArrayLike<number>, similarity: number, whereFiltersIDs?: Set<number>): [number, number][] {
    const target = vector instanceof Float32Array ? vector : new Float32Array(vector);
    const size = this.size;
    const targetMagnitude = magnitudeOf(target, size);
    const { values, ids, magnitudes, count } = this;
    // A question's vector from the local embedder has a few dozen non-zero dimensions out of 384: the dot
    // product only needs those. Skipping zero terms, in the same order, leaves every sum bit-identical.
    const nonZero: number[] = [];
    for (let i = 0; i < size; i++) if (target[i] !== 0) nonZero.push(i);
    const sparse = nonZero.length * 2 < size ? Int32Array.from(nonZero) : null;
    const results: [number, number][] = [];
    for (let row = 0, offset = 0; row < count; row++, offset += size) {
      const dot = sparse ? sparseDot(target, values, offset, sparse) : denseDot(target, values, offset, size);
      const cosine = dot / (targetMagnitude * (magnitudes[row] as number));
      if (cosine < similarity) continue;
      const id = ids[row] as number;
      if (!whereFiltersIDs || whereFiltersIDs.has(id)) results.push([id, cosine]);
    }
    return keepBest(results, this.candidates());
  }

  /** The stored vectors as they lie in memory (views, not copies): what vectors.bin holds. */
  exportArrays(): FlatVectorArrays {
    return {
      size: this.size,
      ids: this.ids.subarray(0, this.count),
      magnitudes: this.magnitudes.subarray(0, this.count),
      values: this.values.subarray(0, this.count * this.size),
    };
  }

  /** Takes the arrays over (no copy: loading 100k vectors is one read); they grow by copying later. */
  static fromArrays(arrays: FlatVectorArrays, candidates: () => number | null = () => null): FlatVectors {
    const { size, ids, magnitudes, values } = arrays;
    if (magnitudes.length !== ids.length || values.length !== ids.length * size)
      throw new Error("vector arrays of different lengths");
    const flat = new FlatVectors(size, candidates, 0);
    flat.values = values;
    flat.ids = ids;
    flat.magnitudes = magnitudes;
    flat.count = ids.length;
    for (let row = 0; row < ids.length; row++) flat.rowOf.set(ids[row] as number, row);
    return flat;
  }

  private grow(): void {
    const capacity = Math.max(256, this.ids.length * 2);
    const values = new Float32Array(capacity * this.size);
    values.set(this.values);
    const ids = new Int32Array(capacity);
    ids.set(this.ids);
    const magnitudes = new Float64Array(capacity);
    magnitudes.set(this.magnitudes);
    this.values = values;
    this.ids = ids;
    this.magnitudes = magnitudes;
  }
}

// Unrolled, but summed in the same order as Orama's loop, so the result is bit-identical.
function denseDot(target: Float32Array, values: Float32Array, offset: number, size: number): number {
  let dot = 0;
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    dot += (target[i] as number) * (values[offset + i] as number);
    dot += (target[i + 1] as number) * (values[offset + i + 1] as number);
    dot += (target[i + 2] as number) * (values[offset + i + 2] as number);
    dot += (target[i + 3] as number) * (values[offset + i + 3] as number);
  }
  for (; i < size; i++) dot += (target[i] as number) * (values[offset + i] as number);
  return dot;
}

function sparseDot(target: Float32Array, values: Float32Array, offset: number, dims: Int32Array): number {
  let dot = 0;
  for (let k = 0; k < dims.length; k++) {
    const i = dims[k] as number;
    dot += (target[i] as number) * (values[offset + i] as number);
  }
  return dot;
}

// Orama's getMagnitude: the same loop, so magnitudes (and cosines) are bit-identical.
function magnitudeOf(vector: ArrayLike<number>, length: number): number {
  let magnitude = 0;
  for (let i = 0; i < length; i++) magnitude += (vector[i] as number) * (vector[i] as number);
  return Math.sqrt(magnitude);
}
