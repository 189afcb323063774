/**
 * Turns texts into vectors for the vector half of hybrid search. `id` names the model and its settings:
 * the index records it, and an index built by another embedder is rebuilt rather than mixed.
 */
export interface Embedder {
  readonly id: string;
  readonly dimensions: number;
  /**
   * Texts per call when indexing: a remote endpoint wants large batches (fewer requests), an in-process
   * embedder small ones (its work is synchronous, and indexing must leave room for members' questions).
   */
  readonly batchSize?: number;
  embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]>;
}

/** Cosine similarity of two vectors of equal length. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
