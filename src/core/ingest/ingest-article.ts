import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { CchcError } from "../errors.ts";
import type { Article, LibraryStore, NewArticle } from "../store/library-store.ts";
import { countWords } from "../text/sentences.ts";
import { cleanArticle } from "./clean-article.ts";
import { readDocument } from "./read-document.ts";

export const CLEANER_VERSION = "clean-v2";
/** An article with fewer words than this after cleaning is refused as empty (a menu, a stub). */
export const MIN_ARTICLE_WORDS = 20;

/** Reads (text, HTML or .docx), validates and cleans an article's bytes into something the store can keep. */
export async function prepareArticle(input: {
  bytes: Uint8Array;
  id?: string;
  origin: Article["origin"];
  originalName?: string | null;
  url?: string | null;
}): Promise<NewArticle> {
  const document = await readDocument({ bytes: input.bytes, fileName: input.originalName ?? null });
  const { text } = document;
  if (!text.trim()) throw new CchcError("EMPTY_FILE", "only whitespace");
  const clean = cleanArticle(text, { url: input.url ?? document.url, date: document.date });
  if (countWords(clean.body) < MIN_ARTICLE_WORDS) {
    throw new CchcError("EMPTY_ARTICLE", `${countWords(clean.body)} words after cleaning`);
  }
  const contentHash = createHash("sha256").update(clean.body.replace(/\s+/g, " ")).digest("hex");
  return {
    id: input.id ?? `a_${contentHash.slice(0, 16)}`,
    title: clean.title,
    body: clean.body,
    date: clean.date,
    url: clean.url,
    site: clean.site,
    author: clean.author,
    contentHash,
    origin: input.origin,
    originalName: input.originalName ?? null,
    rawText: text,
    cleanerVersion: CLEANER_VERSION,
  };
}

export interface SeedImportReport {
  added: string[];
  skipped: string[];
  failed: { file: string; reason: string }[];
}

const SEED_EXTENSIONS = new Set([".txt", ".md", ".html", ".htm", ".docx", ".pdf"]);

/**
 * Imports every .txt/.md/.html/.docx/.pdf file of `dir` whose content the store does not have yet. Idempotent: the
 * article id is the file name without extension and duplicates are detected by content hash.
 */
export async function importSeeds(store: LibraryStore, dir: string): Promise<SeedImportReport> {
  const report: SeedImportReport = { added: [], skipped: [], failed: [] };
  const files = (await readdir(dir))
    .filter((file) => SEED_EXTENSIONS.has(extname(file).toLowerCase()))
    .sort();
  for (const file of files) {
    const id = basename(file, extname(file));
    try {
      if (store.hasArticle(id)) {
        report.skipped.push(id);
        continue;
      }
      const prepared = await prepareArticle({
        bytes: await readFile(join(dir, file)),
        id,
        origin: "seed",
        originalName: file,
      });
      const { added } = store.addArticle(prepared);
      (added ? report.added : report.skipped).push(id);
    } catch (error) {
      report.failed.push({ file, reason: error instanceof CchcError ? error.code : String(error) });
    }
  }
  return report;
}
