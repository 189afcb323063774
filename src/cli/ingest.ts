import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { openApp } from "../app.ts";
import { bootstrap } from "../bootstrap.ts";
import { isCchcError } from "../core/errors.ts";
import { formatArticleDate } from "../core/ingest/article-date.ts";

const USAGE = `Usage:
  npm run ingest -- FILE... [--url URL]   add articles (.txt/.md/.html/.docx/.pdf), searchable at once
  npm run ingest -- --list                list the library
  npm run ingest -- --remove ID           remove an article`;

const { values, positionals } = parseArgs({
  options: {
    url: { type: "string" },
    list: { type: "boolean" },
    remove: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
  allowPositionals: true,
});
if (values.help || (!values.list && !values.remove && positionals.length === 0)) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(values.help ? 0 : 2);
}
const { config, logger } = bootstrap();
const { library, close } = await openApp(config, logger);
let failed = 0;
try {
  if (values.list) {
    for (const article of library.store.listArticles()) {
      process.stdout.write(`${article.id}\t${formatArticleDate(article.date) || "-"}\t${article.title}\n`);
    }
  }
  if (values.remove) {
    const removed = await library.removeArticle(values.remove);
    process.stdout.write(removed ? `Đã xoá ${values.remove}\n` : `Không có bài viết ${values.remove}\n`);
    if (!removed) failed++;
  }
  for (const file of positionals) {
    try {
      const bytes = await readFile(file);
      const { article, added } = await library.addArticle({
        bytes,
        origin: "cli",
        originalName: basename(file),
        url: values.url ?? null,
      });
      process.stdout.write(`${added ? "Đã thêm" : "Đã có sẵn"}: ${article.id} — ${article.title}\n`);
    } catch (error) {
      failed++;
      const message = isCchcError(error)
        ? error.userMessage
        : error instanceof Error && "code" in error
          ? `Không đọc được tệp (${String(error.code)}).`
          : String(error);
      process.stderr.write(`${file}: ${message}\n`);
    }
  }
} finally {
  close();
}
process.exitCode = failed > 0 ? 1 : 0;
