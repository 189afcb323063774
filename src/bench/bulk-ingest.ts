import { spawn } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Library } from "../core/library.ts";
import type { Logger } from "../core/logger.ts";
import { createLocalEmbedder } from "../core/search/local-embedder.ts";
import type { Article } from "../core/store/library-store.ts";
import { LibraryStore } from "../core/store/library-store.ts";
import { loadLexicon } from "../core/text/lexicon.ts";
import { syntheticArticles } from "./synthetic-corpus.ts";

export interface BulkIngestResult {
  files: number;
  seconds: number;
  msPerArticle: number;
  /** A bot's question latency (p50 / p95 ms, another process in the same store) while the ingest ran. */
  answerDuring: { p50: number; p95: number; asked: number };
  /** Event-loop delay p99 of that bot process while it followed the ingest, ms. */
  loopDelayP99: number;
  /** Seconds from the end of the ingest until the bot had indexed every article. */
  followLagSeconds: number;
}

const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const QUESTIONS = [
  "Chỉ số PAR INDEX 2023 của Quảng Bình?",
  "tinh gian bien che 5%",
  "Đề án 06 cấp bao nhiêu tài khoản định danh điện tử?",
  "SIPAS năm 2022 đạt bao nhiêu",
];

/**
 * Times `npm run ingest` of `count` article files from a folder, as a separate process, while a library
 * in this process (as the bot would) follows the store and answers questions.
 */
export async function measureBulkIngest(
  root: string,
  seedsDir: string,
  seeds: readonly Article[],
  count: number,
): Promise<BulkIngestResult> {
  const dataDir = join(root, `data-${count}`);
  const input = join(root, `input-${count}`);
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(input, { recursive: true });
  for (const article of syntheticArticles(seeds, count * 3.3, 100 + count)) {
    await writeFile(join(input, `${article.id}.txt`), `${article.title}\n\n${article.body}\n`);
  }
  const lexicon = loadLexicon();
  const store = LibraryStore.open(join(dataDir, "library.sqlite"));
  const { library } = await Library.open({
    store,
    lexicon,
    embedder: createLocalEmbedder(lexicon),
    indexDir: join(dataDir, "index"),
    logger: SILENT,
    seedsDir,
    readOnly: true,
  });
  const stop = library.follow(500);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const times: number[] = [];
  const started = Date.now();
  let running = true;
  const child = runIngest(input, dataDir).finally(() => {
    running = false;
  });
  for (let i = 0; running; i++) {
    const start = performance.now();
    await library.ask(QUESTIONS[i % QUESTIONS.length] ?? "");
    times.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const code = await child;
  const seconds = (Date.now() - started) / 1000;
  if (code !== 0) throw new Error(`npm run ingest exited with ${code}`);
  const ended = Date.now();
  while (library.stats().articles !== library.searchIndex.manifest.articleCount) await library.sync();
  const followLagSeconds = (Date.now() - ended) / 1000;
  delay.disable();
  stop();
  await library.close();
  store.close();
  await rm(input, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return {
    files: count,
    seconds,
    msPerArticle: (seconds * 1000) / count,
    answerDuring: { p50: at(0.5), p95: at(0.95), asked: times.length },
    loopDelayP99: delay.percentile(99) / 1e6,
    followLagSeconds,
  };
}

function runIngest(input: string, dataDir: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/ingest.ts", input], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "warn" },
      stdio: "ignore",
    });
    child.on("error", reject);
    child.on("close", resolve);
  });
}
