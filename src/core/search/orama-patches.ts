import { boundedLevenshtein } from "@orama/orama/internals";
import { radix } from "@orama/orama/trees";

/**
 * A fix for a quadratic loop in Orama 3.1.18, applied to its RadixNode class once, at import.
 *
 * Upstream: `trees/radix.js`, `RadixNode.prototype.findAllWords`, collects each matching word's documents
 * with `if (!docs.includes(docID)) docs.push(docID)` over a fresh array, so a word found in n documents
 * costs O(n²) — with a Vietnamese syllable such as "của" or "cách" in most passages, one query term took
 * tens to hundreds of milliseconds. The node's documents are already a Set (unique), so the array is simply
 * the Set's contents, in the same order: the results are identical (`test/core/search/orama-patches.test.ts`
 * compares both on random trees). Remove this file when Orama ships the fix.
 */
type Output = Record<string, number[]>;
interface Node {
  e: boolean;
  w: string;
  d: Set<number>;
  c: Map<string, Node>;
}

function findAllWordsLinear(
  this: Node,
  output: Output,
  term: string,
  exact?: boolean,
  tolerance?: number,
): Output {
  const stack: Node[] = [this];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.e) {
      const { w, d: docIDs } = node;
      if (exact && w !== term) continue;
      if (tolerance) {
        const difference = Math.abs(term.length - w.length);
        if (difference > tolerance || !boundedLevenshtein(term, w, tolerance).isBounded) continue;
      }
      output[w] = Array.from(docIDs);
    }
    if (node.c.size > 0) stack.push(...node.c.values());
  }
  return output;
}

const prototype = radix.RadixNode.prototype as unknown as { findAllWords: unknown };
/** The method as Orama ships it, kept for the equivalence test. */
export const originalFindAllWords = prototype.findAllWords as typeof findAllWordsLinear;
prototype.findAllWords = findAllWordsLinear;

export { findAllWordsLinear };

/** Runs `work` with Orama as shipped (benchmarks compare against plain Orama defaults). */
export async function withUnpatchedOrama<T>(work: () => Promise<T>): Promise<T> {
  prototype.findAllWords = originalFindAllWords;
  try {
    return await work();
  } finally {
    prototype.findAllWords = findAllWordsLinear;
  }
}
