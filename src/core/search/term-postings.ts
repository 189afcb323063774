/**
 * An inverted index of one text field: for each term, the documents holding it and how often, in typed
 * arrays. It replaces Orama's radix tree + per-document frequency objects for our fields, which cost
 * ~27 KB of heap per passage (a dictionary object of ~230 terms per document, a Set per tree node); here
 * a posting costs 8 bytes.
 *
 * Our tokenizer ends every term with a terminator, so a query term only ever matches itself: no prefix or
 * fuzzy lookup is needed and a hash map replaces the tree.
 *
 * The statistics follow Orama 3.1.18 exactly, so scores do not change: a term's "occurrences" is the sum of
 * its counts over documents (Orama increments it per occurrence, not per document), the field length is
 * the number of tokens, and the average field length is Orama's running average.
 */

/**
 * A term's posting list: [size, occurrences, id₀, count₀, id₁, count₁, …] with ids ascending, and spare
 * capacity at the end. One typed array per term keeps the per-term overhead to a single object.
 */
type Posting = Uint32Array<ArrayBufferLike>;

const HEADER = 2;

export interface PostingsSnapshot {
  terms: string[];
  /** For each term in `terms` order: size, occurrences, then its (id, count) pairs — no spare capacity. */
  data: Uint32Array<ArrayBufferLike>;
  /** Token count of each document, by internal id (0 for absent ids). */
  fieldLengths: Uint32Array<ArrayBufferLike>;
  avgFieldLength: number | null;
}

export class TermPostings {
  private readonly postings = new Map<string, Posting>();
  private fieldLengths: Uint32Array<ArrayBufferLike> = new Uint32Array(1024);
  /** Orama's running average of field lengths; undefined when no document is indexed. */
  avgFieldLength: number | undefined = 0;

  /** Indexes a document's tokens (in order, with repeats). `docsCount` counts it already, as in Orama. */
  add(id: number, tokens: readonly string[], docsCount: number): void {
    this.avgFieldLength = ((this.avgFieldLength ?? 0) * (docsCount - 1) + tokens.length) / docsCount;
    this.setFieldLength(id, tokens.length);
    for (const [term, count] of countTokens(tokens)) {
      const posting = this.withRoomFor(term);
      insertPair(posting, id, count);
      posting[1] = (posting[1] ?? 0) + count;
    }
  }

  /** Removes a document, given the same tokens it was added with. `docsCount` still counts it. */
  remove(id: number, tokens: readonly string[], docsCount: number): void {
    this.avgFieldLength =
      docsCount > 1
        ? ((this.avgFieldLength ?? 0) * docsCount - this.fieldLength(id)) / (docsCount - 1)
        : undefined;
    this.setFieldLength(id, 0);
    for (const [term, count] of countTokens(tokens)) {
      const posting = this.postings.get(term);
      if (!posting || !removePair(posting, id)) continue;
      posting[1] = (posting[1] ?? 0) - count;
      if (posting[0] === 0) this.postings.delete(term);
    }
  }

  /** The sum of a term's counts over all documents (Orama's `tokenOccurrences`); 0 when absent. */
  occurrences(term: string): number {
    return this.postings.get(term)?.[1] ?? 0;
  }

  /** Calls `visit` for each document holding `term`, in ascending id order. Returns false if absent. */
  forEach(term: string, visit: (id: number, count: number, occurrences: number) => void): boolean {
    const posting = this.postings.get(term);
    if (!posting) return false;
    const size = posting[0] ?? 0;
    const occurrences = posting[1] ?? 0;
    for (let k = 0; k < size; k++) {
      visit(posting[HEADER + 2 * k] ?? 0, posting[HEADER + 2 * k + 1] ?? 0, occurrences);
    }
    return true;
  }

  fieldLength(id: number): number {
    return id < this.fieldLengths.length ? (this.fieldLengths[id] ?? 0) : 0;
  }

  get termCount(): number {
    return this.postings.size;
  }

  snapshot(): PostingsSnapshot {
    const copy = this.copier();
    while (!copy.step(Number.POSITIVE_INFINITY));
    return copy.result();
  }

  /** The same snapshot, copied about `wordsPerSlice` uint32 at a time with `breathe()` between slices. */
  async snapshotInSlices(
    breathe: () => Promise<unknown>,
    wordsPerSlice = 2 ** 19,
  ): Promise<PostingsSnapshot> {
    const copy = this.copier();
    while (!copy.step(wordsPerSlice)) await breathe();
    return copy.result();
  }

  private copier() {
    // In insertion order: sorting 100k terms would only make the file canonical, at a cost the saving bot pays.
    // Collecting a million terms is itself a stall at 100k passages, so it is sliced too.
    const pending = this.postings.entries();
    const terms: string[] = [];
    const postings: Posting[] = [];
    let length = 0;
    let data: Uint32Array | null = null;
    let next = 0;
    let offset = 0;
    const collect = (count: number): boolean => {
      for (let i = 0; i < count; i++) {
        const entry = pending.next();
        if (entry.done) return true;
        const [term, posting] = entry.value;
        terms.push(term);
        postings.push(posting);
        length += HEADER + 2 * (posting[0] ?? 0);
      }
      return false;
    };
    return {
      /** Copies postings until about `words` uint32 more are copied; true when all are. */
      step: (words: number): boolean => {
        if (!data) {
          // Collecting a term costs about what copying a few words does.
          if (!collect(Math.max(1, Math.floor(words / 8)))) return false;
          data = new Uint32Array(length);
          return postings.length === 0;
        }
        const stop = offset + words;
        for (; next < postings.length && offset < stop; next++) {
          const posting = postings[next] as Posting;
          const used = HEADER + 2 * (posting[0] ?? 0);
          data.set(posting.subarray(0, used), offset);
          offset += used;
        }
        return next === postings.length;
      },
      result: (): PostingsSnapshot => ({
        terms,
        data: data ?? new Uint32Array(0),
        fieldLengths: this.fieldLengths.slice(),
        avgFieldLength: this.avgFieldLength ?? null,
      }),
    };
  }

  /** Rebuilds from a snapshot; postings are views into `data` until they grow, so loading copies nothing. */
  static fromSnapshot(snapshot: PostingsSnapshot): TermPostings {
    const postings = new TermPostings();
    const { terms, data } = snapshot;
    let offset = 0;
    for (const term of terms) {
      const size = data[offset];
      if (size === undefined || offset + HEADER + 2 * size > data.length)
        throw new Error("postings data is shorter than its terms");
      postings.postings.set(term, data.subarray(offset, offset + HEADER + 2 * size));
      offset += HEADER + 2 * size;
    }
    if (offset !== data.length) throw new Error("postings data is longer than its terms");
    postings.fieldLengths = snapshot.fieldLengths.length > 0 ? snapshot.fieldLengths : new Uint32Array(1024);
    postings.avgFieldLength = snapshot.avgFieldLength ?? undefined;
    return postings;
  }

  private setFieldLength(id: number, length: number): void {
    if (id >= this.fieldLengths.length) {
      const grown = new Uint32Array(Math.max(id + 1, this.fieldLengths.length * 2));
      grown.set(this.fieldLengths);
      this.fieldLengths = grown;
    }
    this.fieldLengths[id] = length;
  }

  // The posting of `term` with room for one more pair, grown (doubling) and re-registered if needed.
  private withRoomFor(term: string): Posting {
    const posting = this.postings.get(term);
    if (!posting) {
      const created = new Uint32Array(HEADER + 2);
      this.postings.set(term, created);
      return created;
    }
    const size = posting[0] ?? 0;
    if (HEADER + 2 * (size + 1) <= posting.length) return posting;
    const grown = new Uint32Array(HEADER + 2 * Math.max(2, size * 2));
    grown.set(posting.subarray(0, HEADER + 2 * size));
    this.postings.set(term, grown);
    return grown;
  }
}

function countTokens(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

// Position of the first pair whose id is ≥ `id` (binary search over the ascending ids).
function lowerBound(posting: Posting, id: number): number {
  let low = 0;
  let high = posting[0] ?? 0;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((posting[HEADER + 2 * middle] ?? 0) < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

function insertPair(posting: Posting, id: number, count: number): void {
  const size = posting[0] ?? 0;
  // Ids usually arrive in ascending order (Orama numbers documents as they come); a re-added document
  // keeps its old id and is put back in place.
  const at = size > 0 && (posting[HEADER + 2 * (size - 1)] ?? 0) < id ? size : lowerBound(posting, id);
  if (at < size && posting[HEADER + 2 * at] === id) {
    posting[HEADER + 2 * at + 1] = count;
    return;
  }
  posting.copyWithin(HEADER + 2 * (at + 1), HEADER + 2 * at, HEADER + 2 * size);
  posting[HEADER + 2 * at] = id;
  posting[HEADER + 2 * at + 1] = count;
  posting[0] = size + 1;
}

function removePair(posting: Posting, id: number): boolean {
  const size = posting[0] ?? 0;
  const at = lowerBound(posting, id);
  if (at >= size || posting[HEADER + 2 * at] !== id) return false;
  posting.copyWithin(HEADER + 2 * at, HEADER + 2 * (at + 1), HEADER + 2 * size);
  posting[0] = size - 1;
  return true;
}

// postings.bin: uint32 header length, a JSON header (fields, their terms, array lengths), zero padding
// to a multiple of 4, then per field its posting data and field lengths as uint32 in the machine's byte
// order (little-endian on every platform we run on; vectors.bin makes the same assumption).
/** postings.bin as parts (the header, then views of the snapshots' arrays): nothing is copied. */
export function encodePostings(snapshots: Record<string, PostingsSnapshot>): Buffer[] {
  const fields = Object.entries(snapshots).map(([name, s]) => ({
    name,
    terms: s.terms,
    dataLength: s.data.length,
    fieldLengthsLength: s.fieldLengths.length,
    avgFieldLength: s.avgFieldLength,
  }));
  const json = Buffer.from(JSON.stringify({ fields }));
  const header = Buffer.alloc(align4(4 + json.length));
  header.writeUInt32LE(json.length, 0);
  json.copy(header, 4);
  const parts: Buffer[] = [header];
  for (const s of Object.values(snapshots))
    for (const array of [s.data, s.fieldLengths])
      parts.push(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
  return parts;
}

export function decodePostings(buffer: Buffer): Record<string, PostingsSnapshot> {
  if (buffer.length < 4) throw new Error("postings.bin is too short");
  const headerLength = buffer.readUInt32LE(0);
  const header = JSON.parse(buffer.subarray(4, 4 + headerLength).toString("utf8")) as {
    fields: {
      name: string;
      terms: string[];
      dataLength: number;
      fieldLengthsLength: number;
      avgFieldLength: number | null;
    }[];
  };
  // Every posting is a view into the file's words: copied only when the buffer's start is not aligned.
  const body = buffer.subarray(align4(4 + headerLength));
  const aligned = body.byteOffset % 4 === 0 ? body : Buffer.from(new Uint8Array(body));
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
  const snapshots: Record<string, PostingsSnapshot> = {};
  let offset = 0;
  for (const field of header.fields) {
    const end = offset + field.dataLength + field.fieldLengthsLength;
    if (end > words.length) throw new Error("postings.bin is shorter than its header says");
    snapshots[field.name] = {
      terms: field.terms,
      data: words.subarray(offset, offset + field.dataLength),
      fieldLengths: words.subarray(offset + field.dataLength, end),
      avgFieldLength: field.avgFieldLength,
    };
    offset = end;
  }
  if (offset !== words.length) throw new Error("postings.bin is longer than its header says");
  return snapshots;
}

const align4 = (n: number) => (n + 3) & ~3;
