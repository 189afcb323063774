/**
 * Keeps the entries whose score is among the `limit` best (all entries tied with the last one kept too),
 * in their original order. Orama merges and sorts every full-text and every vector match of a hybrid
 * query; at 100k passages these lists hold tens of thousands of entries of which only the best few can
 * reach the answer. Finding the cut-off sorts a copy of the scores only, in a typed array.
 */
export function keepBest<T extends [number, number]>(entries: T[], limit: number | null): T[] {
  if (limit === null || entries.length <= limit) return entries;
  const scores = new Float64Array(entries.length);
  for (let i = 0; i < entries.length; i++) scores[i] = (entries[i] as T)[1];
  scores.sort();
  const cutoff = scores[scores.length - limit] as number;
  return entries.filter((entry) => entry[1] >= cutoff);
}
