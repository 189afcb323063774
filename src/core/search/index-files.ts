import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RawData } from "@orama/orama";
import type { ChunkDocument, IndexManifest, SearchIndexDeps } from "./search-index.ts";
import { indexIdentity, SearchIndex } from "./search-index.ts";

// On-disk layout under DATA_DIR/index:
//   CURRENT            name of the live generation (replaced atomically by rename)
//   <generation>/      manifest.json, orama.json (Orama's save() without documents and vectors),
//                      docs.json, chunks.json (article → chunk ids), vectors.bin (raw Float32)
// orama.json is left out when it would exceed V8's string limit (~512 MB, around 50k chunks); loading
// then re-inserts the documents with their saved vectors — slower, but still without re-embedding.
// A generation is written completely under a temporary name and renamed before CURRENT points to it, so
// a crash mid-save leaves the previous index intact.

interface StoredManifest extends IndexManifest {
  files: Record<string, { bytes: number; sha256: string }>;
  vectorCount: number;
}

type VectorEntry = [number, [number, ArrayLike<number>]];

interface RawWithVectors {
  index: { vectorIndexes: Record<string, { size: number; vectors: VectorEntry[] }> };
  docs: unknown;
}

/** Writes the index under `dir`, atomically replacing the previous one. */
export async function saveIndex(index: SearchIndex, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const raw = index.raw() as unknown as RawWithVectors & Record<string, unknown>;
  const vectorIndex = raw.index.vectorIndexes.embedding ?? { size: index.manifest.dimensions, vectors: [] };
  const vectors = packVectors(vectorIndex.vectors, index.manifest.dimensions);
  const withoutVectors = {
    ...raw,
    docs: undefined,
    index: { ...raw.index, vectorIndexes: { embedding: { size: vectorIndex.size, vectors: [] } } },
  };
  const files: Record<string, Buffer> = {
    ...snapshotOf(withoutVectors),
    "docs.json": Buffer.from(JSON.stringify(raw.docs)),
    "chunks.json": Buffer.from(JSON.stringify([...index.chunkMap()])),
    "vectors.bin": vectors,
  };
  const manifest: StoredManifest = {
    ...index.manifest,
    vectorCount: vectorIndex.vectors.length,
    files: Object.fromEntries(
      Object.entries(files).map(([name, data]) => [name, { bytes: data.length, sha256: sha256(data) }]),
    ),
  };
  const generation = `g-${Date.now()}-${randomBytes(3).toString("hex")}`;
  const temporary = join(dir, `${generation}.tmp`);
  await mkdir(temporary, { recursive: true });
  for (const [name, data] of Object.entries(files)) await writeFile(join(temporary, name), data);
  await writeFile(join(temporary, "manifest.json"), JSON.stringify(manifest, null, 2));
  await rename(temporary, join(dir, generation));
  await writeFile(join(dir, "CURRENT.tmp"), generation);
  await rename(join(dir, "CURRENT.tmp"), join(dir, "CURRENT"));
  for (const entry of await readdir(dir)) {
    if (entry !== generation && entry !== "CURRENT")
      await rm(join(dir, entry), { recursive: true, force: true });
  }
}

function snapshotOf(raw: object): Record<string, Buffer> {
  try {
    return { "orama.json": Buffer.from(JSON.stringify(raw)) };
  } catch (error) {
    if (error instanceof RangeError) return {}; // too large for one string
    throw error;
  }
}

export type IndexLoadResult =
  | { ok: true; index: SearchIndex }
  | { ok: false; reason: "missing" | "outdated" | "stale" | "corrupt"; detail: string };

/**
 * Loads the index saved under `dir` if it was built by the same embedder, lexicon, chunker and format
 * from the same library; otherwise says why it cannot be used.
 */
export async function loadIndex(
  dir: string,
  deps: SearchIndexDeps,
  libraryFingerprint: string,
): Promise<IndexLoadResult> {
  let generationDir: string;
  let manifest: StoredManifest;
  try {
    generationDir = join(dir, (await readFile(join(dir, "CURRENT"), "utf8")).trim());
  } catch {
    return { ok: false, reason: "missing", detail: "no saved index" };
  }
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
  if (manifest.libraryFingerprint !== libraryFingerprint) {
    return { ok: false, reason: "stale", detail: "the library changed since the index was saved" };
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
    const chunkMap = new Map(JSON.parse(String(data["chunks.json"])) as [string, string[]][]);
    const { files: _files, vectorCount: _count, ...plain } = manifest;
    const snapshot = data["orama.json"];
    if (!snapshot) {
      const documents = vectors.map(([internalId, [, vector]]) => {
        const document = docs.docs[String(internalId)];
        if (!document) throw new Error(`no document for vector ${internalId}`);
        return { ...document, embedding: Array.from(vector) };
      });
      return { ok: true, index: await SearchIndex.fromDocuments(documents, plain, deps) };
    }
    const raw = JSON.parse(String(snapshot)) as RawWithVectors & Record<string, unknown>;
    raw.docs = docs;
    const vectorIndex = raw.index.vectorIndexes.embedding;
    if (!vectorIndex) throw new Error("no vector index in orama.json");
    vectorIndex.vectors = vectors;
    return { ok: true, index: SearchIndex.fromRaw(raw as unknown as RawData, plain, deps, chunkMap) };
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
