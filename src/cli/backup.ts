import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { storePath } from "../app.ts";
import { bootstrap, orExit } from "../bootstrap.ts";
import { LibraryStore } from "../core/store/library-store.ts";

// npm run backup [-- PATH]: a consistent copy of the store, taken with SQLite's online backup while the
// bot and other processes keep using it. The search index needs no backup: it is rebuilt from the store.

const USAGE = `Usage:
  npm run backup                 copy the store to DATA_DIR/backups/library-<time>.sqlite
  npm run backup -- PATH         copy it to PATH`;

const { values, positionals } = parseArgs({
  options: { help: { type: "boolean", short: "h" } },
  allowPositionals: true,
});
if (values.help || positionals.length > 1) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(values.help ? 0 : 2);
}
const { config } = bootstrap();
const source = storePath(config);
if (!existsSync(source)) {
  process.stderr.write(`Không có kho để sao lưu: ${source}\n`);
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const target = resolve(positionals[0] ?? join(config.dataDir, "backups", `library-${stamp}.sqlite`));
if (existsSync(target)) {
  process.stderr.write(`${target} đã tồn tại; chọn tên khác.\n`);
  process.exit(1);
}
await mkdir(dirname(target), { recursive: true });
const store = await orExit(async () => LibraryStore.open(source));
try {
  await store.backup(target);
  process.stdout.write(`Đã sao lưu ${store.countArticles()} bài viết vào ${target}\n`);
} finally {
  store.close();
}
