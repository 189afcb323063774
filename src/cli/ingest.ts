import { readdir, readFile, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { openApp, openStoreOnly } from "../app.ts";
import { bootstrap, orExit } from "../bootstrap.ts";
import type { UploadLimits } from "../core/document-sources.ts";
import { addBytes, addUrl, isWebUrl, refuseOversized } from "../core/document-sources.ts";
import { CchcError, isCchcError } from "../core/errors.ts";
import { formatArticleDate } from "../core/ingest/article-date.ts";
import type { IngestOutcome, Library } from "../core/library.ts";
import type { Article, LibraryStore } from "../core/store/library-store.ts";
import { parseCommandLine } from "./cli-args.ts";

const USAGE = `Usage:
  npm run ingest -- PATH|URL... [--url URL]   add files (.txt/.md/.html/.htm/.docx/.pdf), folders (recursively)
                                              and web pages; --url gives the source of a single file
  npm run ingest -- --list [--json]           the library, newest first (--json: one object per line)
  npm run ingest -- --show ID [--json]        one article as stored: title, date, source, author, text
  npm run ingest -- --remove ID               remove an article
  npm run ingest -- --audit                   who added, updated or removed which article, when`;

const SUPPORTED = new Set([".txt", ".md", ".html", ".htm", ".docx", ".pdf"]);
// Long runs report progress on stderr this often; stdout keeps one line per document, for scripts.
const PROGRESS_EVERY_MS = 2000;

const { values, positionals } = parseCommandLine(
  {
    options: {
      url: { type: "string" },
      list: { type: "boolean" },
      show: { type: "string" },
      remove: { type: "string" },
      audit: { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  },
  USAGE,
);
const wantsSomething = values.list || values.show || values.remove || values.audit || positionals.length > 0;
if (values.help || !wantsSomething) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(values.help ? 0 : 2);
}
const { config, logger } = bootstrap();
const limits: UploadLimits = {
  maxBytes: config.uploads.maxBytes,
  urlTimeoutMs: config.uploads.urlTimeoutMs,
  allowLoopbackUrls: config.uploads.allowLoopbackUrls,
};
const print = (line: string) => process.stdout.write(`${line}\n`);

function readOnlyCommand(store: LibraryStore): number {
  if (values.list) {
    for (const article of store.listNewest(Number.MAX_SAFE_INTEGER)) {
      print(
        values.json
          ? JSON.stringify(articleJson(article, false))
          : `${article.id}\t${formatArticleDate(article.date) || "-"}\t${article.title}`,
      );
    }
  }
  if (values.show) {
    const article = store.getArticle(values.show);
    if (!article) {
      process.stderr.write(`Không có bài viết ${values.show}\n`);
      return 1;
    }
    print(values.json ? JSON.stringify(articleJson(article, true)) : describeArticle(article));
  }
  if (values.audit) {
    for (const entry of store.auditLog(200)) {
      print(
        values.json
          ? JSON.stringify(entry, (key, value) => (key === "previous" ? undefined : value))
          : `${entry.at}\t${entry.action}\t${entry.actor}\t${entry.articleId}\t${entry.title}`,
      );
    }
  }
  return 0;
}

function articleJson(article: Article, withBody: boolean) {
  const { body, contentHash: _hash, ...rest } = article;
  return { ...rest, date: formatArticleDate(article.date) || null, ...(withBody ? { body } : {}) };
}

function describeArticle(article: Article): string {
  return [
    `id:      ${article.id}`,
    `title:   ${article.title}`,
    `date:    ${formatArticleDate(article.date) || "-"}`,
    `source:  ${article.url ?? article.site ?? "-"}`,
    `author:  ${article.author ?? "-"}`,
    `added:   ${article.addedAt} (${article.origin}${article.originalName ? `, ${article.originalName}` : ""})`,
    "",
    article.body,
  ].join("\n");
}

async function changeCommand(library: Library): Promise<number> {
  let failed = 0;
  if (values.remove) {
    const removed = await library.removeArticle(values.remove, "cli");
    print(removed ? `Đã xoá ${values.remove}` : `Không có bài viết ${values.remove}`);
    if (!removed) failed++;
  }
  const sources = await expandSources(positionals);
  if (values.url && sources.length !== 1) {
    process.stderr.write("--url gives the source of one file; name exactly one file with it.\n");
    return 2;
  }
  const tally = { added: 0, duplicate: 0, updated: 0, refused: 0 };
  const refusals: string[] = [];
  let lastProgress = Date.now();
  for (const [i, source] of sources.entries()) {
    try {
      const outcome = await addSource(library, source);
      tally[outcome.status]++;
      print(`${STATUS_LABEL[outcome.status]}: ${outcome.article.id} — ${outcome.article.title}`);
    } catch (error) {
      tally.refused++;
      refusals.push(`${source}: ${refusalReason(error)}`);
      process.stderr.write(`${source}: ${refusalReason(error)}\n`);
    }
    if (Date.now() - lastProgress > PROGRESS_EVERY_MS) {
      lastProgress = Date.now();
      process.stderr.write(`… ${i + 1}/${sources.length} (${summary(tally)})\n`);
    }
  }
  if (sources.length > 0) {
    print(`\nTổng cộng ${sources.length}: ${summary(tally)}`);
    for (const refusal of refusals) print(`  từ chối — ${refusal}`);
  }
  return failed + tally.refused > 0 ? 1 : 0;
}

const STATUS_LABEL: Record<IngestOutcome["status"], string> = {
  added: "Đã thêm",
  duplicate: "Đã có sẵn",
  updated: "Đã cập nhật",
};

function summary(tally: Record<IngestOutcome["status"] | "refused", number>): string {
  return `thêm ${tally.added}, đã có ${tally.duplicate}, cập nhật ${tally.updated}, từ chối ${tally.refused}`;
}

async function addSource(library: Library, source: string): Promise<IngestOutcome> {
  const who = { origin: "cli", actor: "cli" } as const;
  if (isWebUrl(source)) return addUrl(library, source, limits, who);
  // "ftp://…", "javascript:…": written as an address, and not one we fetch.
  if (/^[a-z][a-z0-9+.-]*:\/\//iu.test(source)) throw new CchcError("URL_INVALID", source);
  refuseOversized((await stat(source)).size, limits);
  return addBytes(
    library,
    { bytes: await readFile(source), fileName: basename(source), url: values.url ?? null },
    limits,
    who,
  );
}

function refusalReason(error: unknown): string {
  if (isCchcError(error)) return `${error.userMessage} (${error.code})`;
  if (error instanceof Error && "code" in error) return `không đọc được tệp (${String(error.code)})`;
  return String(error);
}

/** Files as given, folders walked recursively (supported types only, in name order), URLs as they are. */
async function expandSources(paths: readonly string[]): Promise<string[]> {
  const sources: string[] = [];
  for (const path of paths) {
    if (isWebUrl(path)) sources.push(path);
    else if (
      await stat(path).then(
        (s) => s.isDirectory(),
        () => false,
      )
    )
      sources.push(...(await walk(path)));
    else sources.push(path);
  }
  return sources;
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => !entry.name.startsWith("."))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile() && SUPPORTED.has(extname(entry.name).toLowerCase())) files.push(path);
  }
  return files;
}

if (values.list || values.show || values.audit) {
  // Reading needs no search index: nothing is built or written.
  const store = await orExit(() => openStoreOnly(config, logger));
  try {
    process.exitCode = readOnlyCommand(store);
  } finally {
    store.close();
  }
} else {
  const app = await orExit(() => openApp(config, logger));
  try {
    process.exitCode = await changeCommand(app.library);
  } finally {
    await app.close();
  }
}
