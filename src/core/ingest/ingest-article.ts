import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { CchcError } from "../errors.ts";
import type { Article, LibraryStore, NewArticle, RawArticle } from "../store/library-store.ts";
import { countWords } from "../text/sentences.ts";
import { cleanArticle } from "./clean-article.ts";
import { readDocument } from "./read-document.ts";

export const CLEANER_VERSION = "clean-v12";
/**
 * One real sentence makes an article (a notice of a meeting is one): about this many words, or fewer when
 * they carry a number (a date, a figure).
 */
export const MIN_ARTICLE_WORDS = 8;
const MIN_WORDS_WITH_NUMBER = 4;

const ERROR_PAGE =
  /^(?:404\b|403\b|500\b|lỗi 404|không tìm thấy trang|trang không tồn tại|page not found|not found|access denied)/iu;

/**
 * Whether a body states something: a paragraph that ends like a sentence with a few words, or holds two
 * sentences, or is long; or — a one-line notice — a single short paragraph with a number in it.
 */
function holdsAStatement(body: string): boolean {
  const paragraphs = body
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  const statement = (paragraph: string) => {
    const words = countWords(paragraph);
    return (
      (words >= 6 && /[.!?…;:]["”)»]?$/u.test(paragraph)) ||
      (words >= 6 && /[.!?…]\s+\p{Lu}/u.test(paragraph)) ||
      words >= 25
    );
  };
  if (paragraphs.some(statement)) return true;
  return paragraphs.length <= 2 && /\d/u.test(body);
}

/** Reads (text, HTML, .docx or PDF), validates and cleans an article's bytes into something the store can keep. */
export async function prepareArticle(input: {
  bytes: Uint8Array;
  id?: string;
  origin: Article["origin"];
  originalName?: string | null;
  url?: string | null;
}): Promise<NewArticle> {
  const document = await readDocument({ bytes: input.bytes, fileName: input.originalName ?? null });
  return cleanToArticle({
    rawText: document.text,
    sourceHints: { url: input.url ?? document.url, date: document.date, title: document.title },
    ...(input.id ? { id: input.id } : {}),
    origin: input.origin,
    originalName: input.originalName ?? null,
  });
}

/** Cleans a document's text into an article; also used to clean stored articles again (same id). */
export function cleanToArticle(raw: Omit<RawArticle, "id"> & { id?: string }): NewArticle {
  if (!raw.rawText.trim()) throw new CchcError("EMPTY_FILE", "only whitespace");
  const clean = cleanArticle(raw.rawText, raw.sourceHints);
  // A one-line notice reads as a title with no body: the line is the body too.
  if (countWords(clean.body) === 0 && !clean.titleDerived) clean.body = clean.title;
  const words = countWords(clean.body);
  if (words === 0) throw new CchcError("EMPTY_ARTICLE", "nothing left after cleaning");
  const enough = words >= MIN_ARTICLE_WORDS || (words >= MIN_WORDS_WITH_NUMBER && /\d/.test(clean.body));
  if (!enough) throw new CchcError("TOO_SHORT", `${words} words`);
  // Words are not an article: a menu, a list of other stories' headlines or an error page hold no sentence.
  if (ERROR_PAGE.test(clean.title) || !holdsAStatement(clean.body))
    throw new CchcError("EMPTY_ARTICLE", `no sentence in "${clean.body.slice(0, 80)}"`);
  const contentHash = createHash("sha256").update(clean.body.replace(/\s+/g, " ")).digest("hex");
  return {
    id: raw.id ?? `a_${contentHash.slice(0, 16)}`,
    title: clean.title,
    body: clean.body,
    date: clean.date,
    url: clean.url,
    site: clean.site,
    author: clean.author,
    contentHash,
    origin: raw.origin,
    originalName: raw.originalName,
    rawText: raw.rawText,
    cleanerVersion: CLEANER_VERSION,
    sourceHints: raw.sourceHints,
    warnings: clean.warnings,
  };
}

/**
 * Cleans again, from their raw text, the stored articles that an older cleaner produced, so that cleaner
 * improvements reach the whole library. Ids and added dates stay; an article whose new text would be empty
 * or identical to another article's is left as it is (and reported).
 */
export function recleanOutdated(store: LibraryStore): {
  recleaned: string[];
  kept: { id: string; reason: string }[];
} {
  const report = { recleaned: [] as string[], kept: [] as { id: string; reason: string }[] };
  for (const raw of store.outdatedArticles(CLEANER_VERSION)) {
    try {
      const article = cleanToArticle(raw);
      const twin = store.findByContentHash(article.contentHash);
      if (twin && twin.id !== raw.id) {
        report.kept.push({ id: raw.id, reason: `same content as ${twin.id}` });
        continue;
      }
      store.updateArticle(article);
      report.recleaned.push(raw.id);
    } catch (error) {
      report.kept.push({ id: raw.id, reason: error instanceof CchcError ? error.code : String(error) });
    }
  }
  return report;
}

export interface SeedImportReport {
  added: string[];
  skipped: string[];
  /** Seeds an admin removed: they stay removed. */
  removed: string[];
  failed: { file: string; reason: string }[];
}

const SEED_EXTENSIONS = new Set([".txt", ".md", ".html", ".htm", ".docx", ".pdf"]);

/**
 * Imports every .txt/.md/.html/.docx/.pdf file of `dir` whose content the store does not have yet. Idempotent: the
 * article id is the file name without extension and duplicates are detected by content hash.
 */
export async function importSeeds(store: LibraryStore, dir: string): Promise<SeedImportReport> {
  const report: SeedImportReport = { added: [], skipped: [], removed: [], failed: [] };
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
      if (store.wasRemoved(id)) {
        report.removed.push(id);
        continue;
      }
      const prepared = await prepareArticle({
        bytes: await readFile(join(dir, file)),
        id,
        origin: "seed",
        originalName: file,
      });
      const { added } = store.addArticle(prepared, { actor: "seeds" });
      (added ? report.added : report.skipped).push(id);
    } catch (error) {
      report.failed.push({ file, reason: error instanceof CchcError ? error.code : String(error) });
    }
  }
  return report;
}
