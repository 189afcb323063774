import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Library } from "../../src/core/library.ts";
import type { Logger } from "../../src/core/logger.ts";
import type { Embedder } from "../../src/core/search/embedder.ts";
import { createLocalEmbedder } from "../../src/core/search/local-embedder.ts";
import { LibraryStore } from "../../src/core/store/library-store.ts";
import { loadLexicon } from "../../src/core/text/lexicon.ts";

export const SEEDS_DIR = fileURLToPath(new URL("../../seeds", import.meta.url));
export const lexicon = loadLexicon();

export function tempDir(prefix = "cchc-test-"): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A logger that remembers what was logged, for tests that check warnings. */
export function recordingLogger(): Logger & {
  records: { level: string; fields: object; message?: string }[];
} {
  const records: { level: string; fields: object; message?: string }[] = [];
  const at =
    (level: string) =>
    (fields: object, message?: string): void => {
      records.push({ level, fields, ...(message === undefined ? {} : { message }) });
    };
  return { records, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** Opens a library over the seeds in `dataDir` (a fresh temp dir unless given). */
export async function openSeedLibrary(
  options: {
    dataDir?: string;
    embedder?: Embedder;
    logger?: Logger;
    readOnly?: boolean;
    persistDelayMs?: number;
  } = {},
) {
  const dir = options.dataDir
    ? { path: options.dataDir, remove: () => rmSync(options.dataDir ?? "", { recursive: true, force: true }) }
    : tempDir();
  const store = LibraryStore.open(join(dir.path, "library.sqlite"));
  const logger = options.logger ?? recordingLogger();
  const opened = Library.open({
    store,
    lexicon,
    embedder: options.embedder ?? createLocalEmbedder(lexicon),
    indexDir: join(dir.path, "index"),
    logger,
    seedsDir: SEEDS_DIR,
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(options.persistDelayMs === undefined ? {} : { persistDelayMs: options.persistDelayMs }),
  });
  const { library, seeds } = await opened.catch((error: unknown) => {
    store.close();
    throw error;
  });
  return {
    library,
    seeds,
    store,
    dataDir: dir.path,
    /** Saves what is pending, closes the store and deletes the data. */
    close: async () => {
      await library.close();
      store.close();
      dir.remove();
    },
    /** Saves what is pending and closes the store, as a stopping program does. */
    closeKeepingData: async () => {
      await library.close();
      store.close();
    },
  };
}

/** Wraps an embedder and counts the texts it is asked to embed (to prove that nothing is re-embedded). */
export function countingEmbedder(inner: Embedder): Embedder & { count: () => number } {
  let embedded = 0;
  return {
    id: inner.id,
    dimensions: inner.dimensions,
    embed: async (texts, signal) => {
      embedded += texts.length;
      return inner.embed(texts, signal);
    },
    count: () => embedded,
  };
}
