/**
 * The lowest score kept when only the `limit` best scores are kept — every score tied with the last one
 * is kept too — or -Infinity when all are (`limit` null or not reached). Orama merges and sorts every
 * full-text and every vector match of a hybrid query; at 100k passages these lists hold tens of thousands
 * of entries of which only the best few can reach the answer, so the index hands on only the scores at or
 * above this cut-off, in their original order. Found by selection, not a sort; reorders `scores`.
 */
export function cutoffFor(scores: Float64Array, limit: number | null): number {
  if (limit === null || scores.length <= limit) return Number.NEGATIVE_INFINITY;
  return kthSmallest(scores, scores.length - limit);
}

/**
 * The value that would be at index `k` if `values` were sorted ascending (Hoare's selection; reorders
 * `values`). Expected linear time; the middle element as pivot keeps it deterministic. No NaN allowed.
 */
export function kthSmallest(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1] as number;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return values[k] as number;
  }
  return values[k] as number;
}
