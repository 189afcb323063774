/**
 * Keeps the entries whose score is among the `limit` best (all entries tied with the last one kept too),
 * in their original order. Orama merges and sorts every full-text and every vector match of a hybrid
 * query; at 100k passages these lists hold tens of thousands of entries of which only the best few can
 * reach the answer. The cut-off is found by selection over a typed copy of the scores, not a sort.
 */
export function keepBest<T extends [number, number]>(entries: T[], limit: number | null): T[] {
  if (limit === null || entries.length <= limit) return entries;
  const scores = new Float64Array(entries.length);
  for (let i = 0; i < entries.length; i++) scores[i] = (entries[i] as T)[1];
  const cutoff = kthSmallest(scores, entries.length - limit);
  return entries.filter((entry) => entry[1] >= cutoff);
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
