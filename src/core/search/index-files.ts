import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RawData } from "@orama/orama";
import type { VectorEntry } from "./flat-vectors.ts";
import type { ChunkDocument, IndexedArticle, IndexManifest, SearchIndexDeps } from "./search-index.ts";
import { indexIdentity, SearchIndex } from "./search-index.ts";
import type { PostingsSnapshot } from "./term-postings.ts";
import { decodePostings, encodePostings } from "./term-postings.ts";

// On-disk layout under DATA_DIR/index:
//   CURRENT            name of the live generation (replaced atomically by rename)
//   <generation>/      manifest.json, orama.json (Orama's save() without documents, vectors and postings),
//                      docs.json, articles.json (id, content hash, chunk ids), vectors.bin (raw Float32),
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
  index: {
    base: { vectorIndexes: Record<string, { size: number; vectors: VectorEntry[] }> };
    postings: Record<string, PostingsSnapshot>;
  };
  docs: unknown;
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
  const raw = index.raw() as unknown as RawWithVectors & Record<string, unknown>;
  const base = raw.index.base;
  const vectorIndex = base.vectorIndexes.embedding ?? { size: index.manifest.dimensions, vectors: [] };
  const vectors = packVectors(vectorIndex.vectors, index.manifest.dimensions);
  const rest = {
    ...raw,
    docs: undefined,
    index: {
      base: { ...base, vectorIndexes: { embedding: { size: vectorIndex.size, vectors: [] } } },
      postings: undefined,
    },
  };
  const files: Record<string, Buffer> = {
    "orama.json": Buffer.from(JSON.stringify(rest)),
    "docs.json": Buffer.from(JSON.stringify(raw.docs)),
    "articles.json": Buffer.from(JSON.stringify(index.indexedArticles())),
    "vectors.bin": vectors,
    "postings.bin": encodePostings(raw.index.postings),
  };
  const manifest: StoredManifest = {
    ...index.manifest,
    vectorCount: vectorIndex.vectors.length,
    files: Object.fromEntries(
      Object.entries(files).map(([name, data]) => [name, { bytes: data.length, sha256: sha256(data) }]),
    ),
  };
  const generation = `g-${Date.now()}-${randomBytes(4).toString("hex")}`;
  const temporary = join(dir, `${generation}.tmp`);
  await mkdir(temporary, { recursive: true });
  for (const [name, data] of Object.entries(files)) await writeFile(join(temporary, name), data);
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
      const content = await readFile(join(generationDir, name));
      if (content.length !== bytes || sha256(content) !== digest)
        throw new Error(`${name} does not match its checksum`);
      data[name] = content;
    }
    const docs = JSON.parse(String(data["docs.json"])) as { docs: Record<string, ChunkDocument> };
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
    const vectorIndex = raw.index.base.vectorIndexes.embedding;
    if (!vectorIndex) throw new Error("no vector index in orama.json");
    vectorIndex.vectors = vectors;
    raw.index.postings = decodePostings(data["postings.bin"] ?? Buffer.alloc(0));
    return { ok: true, index: SearchIndex.fromRaw(raw as unknown as RawData, plain, deps, articles) };
  } catch (error) {
    return { ok: false, reason: "corrupt", detail: error instanceof Error ? error.message : String(error) };
  }
}

// vectors.bin: count × float64 magnitude, count × int32 internal id, count × dimensions × float32.
// Magnitudes stay float64 (as Orama computes them) so that a restored index scores exactly like the saved one.
function packVectors(entries: VectorEntry[], dimensions: number): Buffer {
  const n = entries.length;
  const bytes = new Uint8Array(n * 12 + n * dimensions * 4);
  const magnitudes = new Float64Array(bytes.buffer, 0, n);
  const ids = new Int32Array(bytes.buffer, n * 8, n);
  const values = new Float32Array(bytes.buffer, n * 12, n * dimensions);
  entries.forEach(([id, [magnitude, vector]], i) => {
    magnitudes[i] = magnitude;
    ids[i] = id;
    for (let d = 0; d < dimensions; d++) values[i * dimensions + d] = vector[d] ?? 0;
  });
  return Buffer.from(bytes.buffer);
}

function unpackVectors(buffer: Buffer, n: number, dimensions: number): VectorEntry[] {
  if (buffer.length !== n * 12 + n * dimensions * 4) throw new Error("vectors.bin has the wrong size");
  // Copy into a fresh buffer: Node may hand out a Buffer at an offset that typed arrays cannot use.
  const aligned = new Uint8Array(buffer).buffer;
  const magnitudes = new Float64Array(aligned, 0, n);
  const ids = new Int32Array(aligned, n * 8, n);
  const entries: VectorEntry[] = [];
  for (let i = 0; i < n; i++) {
    const vector = new Float32Array(aligned, n * 12 + i * dimensions * 4, dimensions);
    entries.push([ids[i] ?? 0, [magnitudes[i] ?? 0, vector]]);
  }
  return entries;
}

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
