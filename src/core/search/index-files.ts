import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RawData } from "@orama/orama";
import { blockedLength, type FlatVectorArrays } from "./flat-vectors.ts";
import type { SavingPostingsIndex } from "./postings-index.ts";
import type { ChunkDocument, IndexedArticle, IndexManifest, SearchIndexDeps } from "./search-index.ts";
import { indexIdentity, SearchIndex } from "./search-index.ts";
import type { PostingsSnapshot } from "./term-postings.ts";
import { decodePostings, encodePostings } from "./term-postings.ts";

// On-disk layout under DATA_DIR/index:
//   CURRENT            name of the live generation (replaced atomically by rename)
//   <generation>/      manifest.json, orama.json (Orama's save() without documents, vectors and postings),
//                      docs.json, articles.json (id, content hash, chunk ids), vectors.bin (float64
//                      magnitudes, int32 ids, float32 values: FlatVectors' arrays as they lie in memory),
//                      postings.bin (the text fields' posting lists as uint32, see term-postings.ts)
//   LOCK/              held (mkdir is atomic) while a process compares and swaps CURRENT
// Loading reads the binary files as they are (posting lists and vectors stay views into them) and never
// re-embeds; docs.json is the only large JSON (passage texts: ~1.2 KB a passage, V8's 512 MB string
// limit is reached near 400k passages).
// A generation is written completely under a temporary name and renamed before CURRENT points to it, so
// a crash mid-save leaves the previous index intact. Several processes may save: CURRENT only ever moves
// to a generation that reflects at least as much of the store's change log as the one it names, and the
// generation it replaced is kept until the next swap, so a process still reading it is not cut off.

interface StoredManifest extends IndexManifest {
  files: Record<string, { bytes: number; sha256: string }>;
  vectorCount: number;
}

// Orama's save() with our index component (postings-index.ts).
interface RawWithVectors {
  index: SavingPostingsIndex;
  docs: { docs: Record<string, ChunkDocument> } & Record<string, unknown>;
}

const LOCK_WAIT_MS = 10_000;
// A lock older than this was left by a process that died while holding it.
const LOCK_STALE_MS = 30_000;
// Temporary generations of other processes younger than this may still be being written.
const TEMPORARY_GRACE_MS = 10 * 60_000;

export type SaveResult = "saved" | "superseded";

/**
 * Writes the index under `dir` and makes it the live generation, unless the live one already reflects as
 * much of the store as this one ("superseded": another process saved a newer state; nothing is lost,
 * since the store holds every article).
 */
export async function saveIndex(index: SearchIndex, dir: string): Promise<SaveResult> {
  await mkdir(dir, { recursive: true });
  const live = await readSavedManifest(dir);
  if (live && supersedes(live, index.manifest)) return "superseded";
  // Taken at once (the caller does not change the index while saving); the costly steps after it —
  // serialising passages, checksums — yield to the event loop between slices, so a bot keeps answering.
  const raw = index.raw() as unknown as RawWithVectors & Record<string, unknown>;
  const vectors = raw.index.vectors.embedding ?? emptyVectors(index.manifest.dimensions);
  const rest = { ...raw, docs: undefined, index: { ...raw.index, postings: undefined, vectors: undefined } };
  const snapshots: Record<string, PostingsSnapshot> = {};
  for (const [field, postings] of Object.entries(raw.index.postings))
    snapshots[field] = await postings.snapshotInSlices(breathe);
  // Each file as parts: the binary ones are views of the index's own arrays, written without a copy.
  // Each file is made in a task of its own (at 100k passages articles.json and postings.bin take
  // ~25 ms each: together they were the longest stall of a save).
  const made = async (make: () => Buffer[] | Promise<Buffer[]>) => {
    await breathe();
    return make();
  };
  const files: Record<string, Buffer[]> = {
    "orama.json": await made(() => [Buffer.from(JSON.stringify(rest))]),
    "docs.json": await made(() => stringifyDocs(raw.docs)),
    "articles.json": await made(() => [Buffer.from(JSON.stringify(index.indexedArticles()))]),
    "vectors.bin": packVectors(vectors),
    "postings.bin": await made(() => encodePostings(snapshots)),
  };
  const checksums: StoredManifest["files"] = {};
  for (const [name, parts] of Object.entries(files))
    checksums[name] = {
      bytes: parts.reduce((sum, part) => sum + part.length, 0),
      sha256: await sha256InSlices(parts),
    };
  const manifest: StoredManifest = { ...index.manifest, vectorCount: vectors.ids.length, files: checksums };
  const generation = `g-${Date.now()}-${randomBytes(4).toString("hex")}`;
  const temporary = join(dir, `${generation}.tmp`);
  await mkdir(temporary, { recursive: true });
  for (const [name, parts] of Object.entries(files)) await writeParts(join(temporary, name), parts);
  await writeFile(join(temporary, "manifest.json"), JSON.stringify(manifest, null, 2));
  // The generation keeps its temporary name until it goes live: other processes' clean-up leaves young
  // temporary directories alone, so a finished generation waiting for the lock is never deleted.
  return withLock(dir, async () => {
    const current = await readCurrentName(dir);
    const liveNow = current ? await readManifest(join(dir, current)) : null;
    if (liveNow && supersedes(liveNow, manifest)) {
      await rm(temporary, { recursive: true, force: true });
      return "superseded";
    }
    await rename(temporary, join(dir, generation));
    await writeFile(join(dir, `CURRENT.${generation}.tmp`), generation);
    await rename(join(dir, `CURRENT.${generation}.tmp`), join(dir, "CURRENT"));
    await removeOldGenerations(dir, new Set([generation, ...(current ? [current] : [])]));
    return "saved";
  });
}

// The live index is as good as `candidate` when it was built the same way from the same store and has
// seen at least as many changes.
function supersedes(live: IndexManifest, candidate: IndexManifest): boolean {
  const sameMaking = IDENTITY_KEYS.every((key) => live[key] === candidate[key]);
  return sameMaking && live.libraryId === candidate.libraryId && live.changeSeq >= candidate.changeSeq;
}

const IDENTITY_KEYS = [
  "formatVersion",
  "embedderId",
  "dimensions",
  "lexiconVersion",
  "analyzerVersion",
  "chunkerVersion",
] as const satisfies readonly (keyof ReturnType<typeof indexIdentity>)[];

async function removeOldGenerations(dir: string, keep: ReadonlySet<string>): Promise<void> {
  const now = Date.now();
  for (const entry of await readdir(dir)) {
    if (keep.has(entry) || entry === "CURRENT" || entry === "LOCK") continue;
    const path = join(dir, entry);
    if (entry.endsWith(".tmp")) {
      // Another process may be writing this one right now; only leftovers of a crash go.
      const age = await stat(path).then(
        (s) => now - s.mtimeMs,
        () => 0,
      );
      if (age < TEMPORARY_GRACE_MS) continue;
    }
    await rm(path, { recursive: true, force: true });
  }
}

async function withLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(dir, "LOCK");
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > LOCK_STALE_MS) await rm(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`index lock ${lock} held for over ${LOCK_WAIT_MS} ms`);
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function readCurrentName(dir: string): Promise<string | null> {
  try {
    return (await readFile(join(dir, "CURRENT"), "utf8")).trim() || null;
  } catch {
    return null;
  }
}

async function readManifest(generationDir: string): Promise<StoredManifest | null> {
  try {
    return JSON.parse(await readFile(join(generationDir, "manifest.json"), "utf8")) as StoredManifest;
  } catch {
    return null;
  }
}

/** The manifest of the live saved index, or null when there is none (or it cannot be read). */
export async function readSavedManifest(dir: string): Promise<IndexManifest | null> {
  const current = await readCurrentName(dir);
  return current ? readManifest(join(dir, current)) : null;
}

export type IndexLoadResult =
  | { ok: true; index: SearchIndex }
  | { ok: false; reason: "missing" | "outdated" | "corrupt"; detail: string };

/**
 * Loads the index saved under `dir` if it was built by the same embedder, lexicon, analyzer, chunker and
 * format; otherwise says why it cannot be used. Which store and which changes it reflects is in its
 * manifest: the caller reconciles it with the store.
 */
export async function loadIndex(dir: string, deps: SearchIndexDeps): Promise<IndexLoadResult> {
  // Another process may swap CURRENT and delete the generation being read: read the new one then.
  let result: IndexLoadResult = { ok: false, reason: "missing", detail: "no saved index" };
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await readCurrentName(dir);
    if (!current) return { ok: false, reason: "missing", detail: "no saved index" };
    result = await loadGeneration(join(dir, current), deps);
    if (result.ok || (await readCurrentName(dir)) === current) return result;
  }
  return result;
}

async function loadGeneration(generationDir: string, deps: SearchIndexDeps): Promise<IndexLoadResult> {
  let manifest: StoredManifest;
  try {
    manifest = JSON.parse(await readFile(join(generationDir, "manifest.json"), "utf8")) as StoredManifest;
  } catch (error) {
    return { ok: false, reason: "corrupt", detail: `manifest unreadable: ${String(error)}` };
  }
  const expected = indexIdentity(deps);
  for (const [key, value] of Object.entries(expected)) {
    const actual = manifest[key as keyof typeof expected];
    if (actual !== value)
      return {
        ok: false,
        reason: "outdated",
        detail: `${key} is ${String(actual)}, expected ${String(value)}`,
      };
  }
  try {
    const data: Record<string, Buffer> = {};
    for (const [name, { bytes, sha256: digest }] of Object.entries(manifest.files)) {
      // Binary files are read into buffers of their own, so typed arrays view them without a copy.
      const content = name.endsWith(".bin")
        ? await readOwnBuffer(join(generationDir, name))
        : await readFile(join(generationDir, name));
      if (content.length !== bytes || sha256(content) !== digest)
        throw new Error(`${name} does not match its checksum`);
      data[name] = content;
    }
    const docs = JSON.parse(String(data["docs.json"])) as RawWithVectors["docs"];
    const vectors = unpackVectors(
      data["vectors.bin"] ?? Buffer.alloc(0),
      manifest.vectorCount,
      manifest.dimensions,
    );
    const articles = JSON.parse(String(data["articles.json"])) as IndexedArticle[];
    const { files: _files, vectorCount: _count, ...plain } = manifest;
    const snapshot = data["orama.json"];
    if (!snapshot) throw new Error("orama.json is missing");
    const raw = JSON.parse(String(snapshot)) as RawWithVectors & Record<string, unknown>;
    raw.docs = docs;
    raw.index.vectors = { embedding: vectors };
    const loadable = { ...raw.index, postings: decodePostings(data["postings.bin"] ?? Buffer.alloc(0)) };
    raw.index = loadable as never;
    return { ok: true, index: SearchIndex.fromRaw(raw as unknown as RawData, plain, deps, articles) };
  } catch (error) {
    return { ok: false, reason: "corrupt", detail: error instanceof Error ? error.message : String(error) };
  }
}

// vectors.bin: count × float64 magnitude, count × int32 internal id, then the float32 values in FlatVectors'
// blocked layout (ceil(count / BLOCK) × BLOCK × dimensions, the last block padded).
// Magnitudes stay float64 (as Orama computes them) so that a restored index scores exactly like the saved one.
function packVectors({ ids, magnitudes, values }: FlatVectorArrays): Buffer[] {
  return [magnitudes, ids, values].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
}

function unpackVectors(buffer: Buffer, n: number, size: number): FlatVectorArrays {
  const valueCount = blockedLength(n, size);
  if (buffer.length !== n * 12 + valueCount * 4) throw new Error("vectors.bin has the wrong size");
  // Typed arrays need an aligned start: a buffer of its own (readOwnBuffer) has one, anything else is copied.
  const aligned = buffer.byteOffset % 8 === 0 ? buffer : Buffer.from(new Uint8Array(buffer));
  const at = aligned.byteOffset;
  return {
    size,
    magnitudes: new Float64Array(aligned.buffer, at, n),
    ids: new Int32Array(aligned.buffer, at + n * 8, n),
    values: new Float32Array(aligned.buffer, at + n * 12, valueCount),
  };
}

/**
 * A file in a buffer of its own (offset 0 of its own ArrayBuffer, so aligned for any typed array): the
 * index's binary data is then used where it was read, instead of being copied once more (at 100k passages
 * the copies of vectors and postings held ~360 MB until the next full garbage collection). The whole file
 * is read, whatever its size, so that one longer or shorter than the manifest says fails the size check.
 */
async function readOwnBuffer(path: string): Promise<Buffer> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const buffer = Buffer.from(new ArrayBuffer(size));
    let read = 0;
    while (read < size) {
      const { bytesRead } = await file.read(buffer, read, size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return read === size ? buffer : buffer.subarray(0, read);
  } finally {
    await file.close();
  }
}

const emptyVectors = (size: number): FlatVectorArrays => ({
  size,
  ids: new Int32Array(0),
  magnitudes: new Float64Array(0),
  values: new Float32Array(0),
});

const SLICE = 500;
const SLICE_BYTES = 2 ** 20;
const breathe = () => new Promise((resolve) => setImmediate(resolve));

// The passages as JSON, a slice at a time: one JSON.stringify of 100k passages blocks for half a second.
async function stringifyDocs(store: RawWithVectors["docs"]): Promise<Buffer[]> {
  const { docs, ...rest } = store;
  const entries = Object.entries(docs);
  const parts: Buffer[] = [
    Buffer.from(`${JSON.stringify(rest).slice(0, -1)}${Object.keys(rest).length ? "," : ""}"docs":{`),
  ];
  for (let start = 0; start < entries.length; start += SLICE) {
    const slice = entries.slice(start, start + SLICE);
    const text = slice.map(([id, doc]) => `${JSON.stringify(id)}:${JSON.stringify(doc)}`).join(",");
    parts.push(Buffer.from(start > 0 ? `,${text}` : text));
    await breathe();
  }
  parts.push(Buffer.from("}}"));
  return parts;
}

async function sha256InSlices(parts: readonly Buffer[]): Promise<string> {
  const hash = createHash("sha256");
  for (const part of parts) {
    for (let start = 0; start < part.length; start += SLICE_BYTES) {
      hash.update(part.subarray(start, start + SLICE_BYTES));
      await breathe();
    }
  }
  return hash.digest("hex");
}

async function writeParts(path: string, parts: readonly Buffer[]): Promise<void> {
  const file = await open(path, "w");
  try {
    for (const part of parts) await file.write(part);
  } finally {
    await file.close();
  }
}

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
