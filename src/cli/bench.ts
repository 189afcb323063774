import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { measureBulkIngest } from "../bench/bulk-ingest.ts";
import { createMiniSearchBaseline } from "../bench/minisearch-baseline.ts";
import { syntheticArticles } from "../bench/synthetic-corpus.ts";
import { composeSearchOnlyAnswer } from "../core/answer/search-only-answer.ts";
import { importSeeds, prepareArticle } from "../core/ingest/ingest-article.ts";
import { loadIndex, saveIndex } from "../core/search/index-files.ts";
import { createLocalEmbedder } from "../core/search/local-embedder.ts";
import type { SearchMode } from "../core/search/search-index.ts";
import { SearchIndex } from "../core/search/search-index.ts";
import { createThreadedEmbedder } from "../core/search/threaded-embedder.ts";
import { LibraryStore } from "../core/store/library-store.ts";
import { loadLexicon } from "../core/text/lexicon.ts";
import { EVAL_SETS, loadEvalSet } from "../eval/eval-set.ts";
import { createPlainOrama } from "../eval/plain-orama.ts";

// npm run bench [-- --sizes 1000,10000,100000]
// Each corpus size runs in a child process of its own, so that peak memory is measured per size.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const { values } = parseArgs({
  options: {
    sizes: { type: "string" },
    ingest: { type: "string" },
    child: { type: "string" },
    tmp: { type: "string" },
    cold: { type: "string" },
  },
});

interface SizeResult {
  chunks: number;
  buildMs: number;
  saveMs: number;
  saveStallMs: number;
  saveDelayP99Ms: number;
  coldStartMs: number | string;
  /** Resident memory of the fresh process once it has answered from the saved index (a restarted bot). */
  coldRssMb: number | null;
  coldCollectedRssMb: number | null;
  query: Record<string, { p50: number; p95: number }>;
  heapMb: number;
  /** Peak resident memory while building and saving (the corpus itself included). */
  buildRssMb: number;
  /** Peak resident memory of the whole run: also a second, loaded copy of the index and the baselines. */
  peakRssMb: number;
  /** Questions whose top 8 (and top 1) are the same with every match merged as with the best 1,000. */
  sameResults: { top8: number; top1: number; of: number };
}

const COMMON_QUERIES = ["của các năm và", "cải cách hành chính", "các tỉnh năm", "công tác cải cách"];
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/** p50 and p95 of `run` over `items`, one at a time. */
async function latency(
  items: readonly string[],
  run: (item: string) => Promise<void>,
): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (const item of items) {
    const start = process.hrtime.bigint();
    await run(item);
    times.push(ms(start));
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function measureSize(target: number, tmp: string): Promise<SizeResult> {
  const lexicon = loadLexicon();
  // As the bot builds: the local embedder in a worker thread for batches.
  const embedder = createThreadedEmbedder(createLocalEmbedder(lexicon));
  const store = LibraryStore.open(":memory:");
  await importSeeds(store, join(ROOT, "seeds"));
  const articles = syntheticArticles(store.listArticles(), target);

  const buildStart = process.hrtime.bigint();
  const index = await SearchIndex.build(
    articles,
    { embedder, lexicon },
    { libraryId: "bench", changeSeq: 1 },
  );
  const buildMs = ms(buildStart);
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;

  let saveMs = 0;
  let saveStallMs = 0;
  let saveDelayP99Ms = 0;
  let buildRssMb = 0;
  let coldStartMs: number | string = "n/a";
  let coldRssMb: number | null = null;
  let coldCollectedRssMb: number | null = null;
  try {
    const saveStart = process.hrtime.bigint();
    // A bot saves while it answers: the longest the event loop waits during a save is what a member feels.
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    await saveIndex(index, tmp);
    delay.disable();
    saveMs = ms(saveStart);
    saveStallMs = delay.max / 1e6;
    saveDelayP99Ms = delay.percentile(99) / 1e6;
    buildRssMb = process.resourceUsage().maxRSS / 1024;
    // Cold start as a restarted bot lives it: a fresh process (this one's heap would slow loading down).
    ({
      ms: coldStartMs,
      rssMb: coldRssMb,
      collectedRssMb: coldCollectedRssMb,
    } = coldStartInFreshProcess(tmp));
  } catch (error) {
    coldStartMs = `failed: ${error instanceof Error ? error.message.slice(0, 60) : String(error)}`;
  }

  const questions = loadEvalSet(EVAL_SETS.dev).map((q) => q.question);
  const query: SizeResult["query"] = {};
  for (const mode of ["hybrid", "fulltext"] as SearchMode[]) {
    query[mode] = await latency(questions, async (question) => {
      const [vector] = mode === "fulltext" ? [null] : await embedder.embed([question]);
      await index.search(question, { mode }, vector ?? null);
    });
  }
  // Queries made only of the commonest syllables: the case where a term's posting list is the whole index.
  query["hybrid, common syllables only"] = await latency(
    COMMON_QUERIES.flatMap((question) => [question, question, question]),
    async (question) => {
      const [vector] = await embedder.embed([question]);
      await index.search(question, {}, vector ?? null);
    },
  );
  const sameResults = { top8: 0, top1: 0, of: questions.length };
  for (const question of questions) {
    const [vector] = await embedder.embed([question]);
    const ids = async () => (await index.search(question, {}, vector ?? null)).map((hit) => hit.chunkId);
    const bounded = await ids();
    const candidates = index.mergeCandidates;
    index.mergeCandidates = null;
    const all = await ids();
    index.mergeCandidates = candidates;
    if (bounded.join() === all.join()) sameResults.top8++;
    if (bounded[0] === all[0]) sameResults.top1++;
  }
  const byId = new Map(articles.map((a) => [a.id, a]));
  query["answer (hybrid + sentences)"] = await latency(questions, async (question) => {
    const [vector] = await embedder.embed([question]);
    const hits = await index.search(question, {}, vector ?? null);
    composeSearchOnlyAnswer({ question, hits, index, lexicon, articles: (id) => byId.get(id) ?? null });
  });

  const mini = createMiniSearchBaseline(articles);
  query["MiniSearch (BM25, accent-folded)"] = await latency(questions, async (question) => {
    mini.search(question, 8);
  });

  const plain = await createPlainOrama(articles);
  // Plain Orama takes seconds to a minute per query at this size (quadratic prefix collection), so
  // large corpora time only the first three questions.
  query["plain Orama defaults"] = await latency(
    target >= 50_000 ? questions.slice(0, 3) : questions,
    async (question) => {
      await plain.search(question, 8);
    },
  );
  await embedder.close();
  return {
    chunks: index.size,
    buildMs,
    saveMs,
    saveStallMs,
    saveDelayP99Ms,
    coldStartMs,
    coldRssMb,
    coldCollectedRssMb,
    query,
    heapMb,
    buildRssMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    sameResults,
  };
}

async function measureIngest(): Promise<{ articles: number; perSecond: number }> {
  const store = LibraryStore.open(":memory:");
  await importSeeds(store, join(ROOT, "seeds"));
  const articles = syntheticArticles(store.listArticles(), 1000, 7);
  const start = process.hrtime.bigint();
  for (const article of articles) {
    const raw = `${article.title}\n\n${article.body}\n\nLượt xem: 12\nTin liên quan\n`;
    store.addArticle(await prepareArticle({ bytes: Buffer.from(raw), origin: "cli", id: article.id }));
  }
  return { articles: articles.length, perSecond: articles.length / (ms(start) / 1000) };
}

async function reportBulkIngest(counts: number[]): Promise<void> {
  const seedStore = LibraryStore.open(":memory:");
  await importSeeds(seedStore, join(ROOT, "seeds"));
  const seeds = seedStore.listArticles();
  seedStore.close();
  process.stdout.write(
    "`npm run ingest` of a folder (a separate process), while a bot process follows the store and answers\n\n" +
      "| files | total | per article | bot answers during (p50 / p95, n) | bot event-loop delay p99 | bot caught up after |\n|---|---|---|---|---|---|\n",
  );
  for (const count of counts.filter((n) => n > 0)) {
    const r = await measureBulkIngest(join(ROOT, "data", "bench-ingest"), join(ROOT, "seeds"), seeds, count);
    process.stdout.write(
      `| ${r.files} | ${format(r.seconds)} s | ${format(r.msPerArticle)} ms | ${format(r.answerDuring.p50)} / ${format(r.answerDuring.p95)} ms (${r.answerDuring.asked}) | ${format(r.loopDelayP99)} ms | ${format(r.followLagSeconds)} s |\n`,
    );
  }
  process.stdout.write("\n");
}

const format = (value: number | string) =>
  typeof value === "number" ? value.toFixed(value < 10 ? 1 : 0) : value;

/** Runs `--cold <dir>` in a new process: milliseconds from its start to its first answer. */
function coldStartInFreshProcess(dir: string): {
  ms: number | string;
  rssMb: number | null;
  collectedRssMb: number | null;
} {
  const start = process.hrtime.bigint();
  const child = spawnSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), "--cold", dir],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  const failed = (why: string) => ({ ms: `failed: ${why.slice(-120)}`, rssMb: null, collectedRssMb: null });
  if (child.status !== 0) return failed(child.stderr);
  if (!child.stdout.includes("answered")) return failed(child.stdout);
  const number = (name: string) => {
    const value = new RegExp(`${name}=(\\d+)`).exec(child.stdout)?.[1];
    return value ? Number(value) : null;
  };
  return { ms: ms(start), rssMb: number("rss"), collectedRssMb: number("collected") };
}

// Loads a saved index and answers one question, as a restarted bot does before its first reply.
async function answerFromSavedIndex(dir: string): Promise<void> {
  const lexicon = loadLexicon();
  const embedder = createLocalEmbedder(lexicon);
  const loaded = await loadIndex(dir, { embedder, lexicon });
  if (!loaded.ok) throw new Error(`load failed: ${loaded.reason}`);
  const question = "Chỉ số hài lòng SIPAS năm 2024 đạt bao nhiêu?";
  const [vector] = await embedder.embed([question]);
  const hits = await loaded.index.search(question, {}, vector ?? null);
  const answer = composeSearchOnlyAnswer({
    question,
    hits,
    index: loaded.index,
    lexicon,
    articles: () => null,
  });
  // What a bot started from this index holds: its resident memory once it has answered, and once the
  // garbage of loading (file buffers, the parsed JSON text) is collected — when that happens is V8's choice.
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  // Two passes: the first finds the file buffers dead, the second frees their memory.
  const { gc } = globalThis as { gc?: () => void };
  gc?.();
  gc?.();
  const collectedMb = process.memoryUsage().rss / 1024 / 1024;
  process.stdout.write(
    `${answer.abstained ? "abstained" : "answered"} rss=${rssMb.toFixed(0)} collected=${collectedMb.toFixed(0)}`,
  );
}

if (values.cold) {
  await answerFromSavedIndex(values.cold);
} else if (values.child) {
  const result = await measureSize(Number(values.child), values.tmp ?? join(ROOT, "data", "bench-index"));
  process.stdout.write(JSON.stringify(result));
} else {
  const sizes = (values.sizes ?? "1000,10000,100000")
    .split(",")
    .map(Number)
    .filter((n) => n > 0);
  const ingest = await measureIngest();
  process.stdout.write(
    `Ingest (decode, clean, hash, store in SQLite): ${ingest.perSecond.toFixed(0)} articles/s over ${ingest.articles} articles\n\n`,
  );
  await reportBulkIngest((values.ingest ?? "100,2000").split(",").map(Number));
  if (sizes.length > 0)
    process.stdout.write(
      "| chunks | index build (chunk + embed + insert) | save (event-loop delay p99 / longest) | cold start (new process to first answer) | heap after build | peak RSS building and saving | peak RSS of the run | RSS of a bot started from the saved index (after a collection) |\n|---|---|---|---|---|---|---|---|\n",
    );
  const rows: SizeResult[] = [];
  for (const size of sizes) {
    const tmp = join(ROOT, "data", `bench-index-${size}`);
    const child = spawnSync(
      process.execPath,
      [
        "--max-old-space-size=12288",
        "--import",
        "tsx",
        fileURLToPath(import.meta.url),
        "--child",
        String(size),
        "--tmp",
        tmp,
      ],
      {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 16 * 2 ** 20,
      },
    );
    spawnSync("rm", ["-rf", tmp]);
    if (child.status !== 0) {
      process.stdout.write(
        `| ${size} | failed: ${child.stderr.split("\n").slice(-3).join(" ").slice(0, 200)} |\n`,
      );
      continue;
    }
    const r = JSON.parse(child.stdout) as SizeResult;
    rows.push(r);
    process.stdout.write(
      `| ${r.chunks} | ${format(r.buildMs / 1000)} s | ${format(r.saveMs / 1000)} s (${format(r.saveDelayP99Ms)} / ${format(r.saveStallMs)} ms) | ${typeof r.coldStartMs === "number" ? `${format(r.coldStartMs / 1000)} s` : r.coldStartMs} | ${format(r.heapMb)} MB | ${format(r.buildRssMb)} MB | ${format(r.peakRssMb)} MB | ${r.coldRssMb === null ? "n/a" : `${format(r.coldRssMb)} MB (${format(r.coldCollectedRssMb ?? "n/a")} MB)`} |\n`,
    );
  }
  if (rows.length === 0) process.exit(0);
  process.stdout.write("\nQuery latency, one at a time, p50 / p95 ms (40 evaluation questions)\n\n");
  const modes = Object.keys(rows[0]?.query ?? {});
  process.stdout.write(`| chunks | ${modes.join(" | ")} |\n|---|${modes.map(() => "---").join("|")}|\n`);
  for (const r of rows) {
    process.stdout.write(
      `| ${r.chunks} | ${modes.map((m) => `${format(r.query[m]?.p50 ?? 0)} / ${format(r.query[m]?.p95 ?? 0)}`).join(" | ")} |\n`,
    );
  }
  // Absolute times drift between runs on this machine; ratios within one run do not.
  const ratio = (r: SizeResult, a: string, b: string) =>
    `${((r.query[a]?.p50 ?? 0) / (r.query[b]?.p50 || 1)).toFixed(2)}×`;
  process.stdout.write(
    "\nRatios of p50 in the same run; the last column: questions whose top 8 are the same when every match reaches the hybrid merge (not only the best 1,000 of each side)\n\n| chunks | common syllables / hybrid | hybrid / plain Orama | answer / MiniSearch | full-text / MiniSearch | same top 8 (top 1) |\n|---|---|---|---|---|---|\n",
  );
  for (const r of rows) {
    process.stdout.write(
      `| ${r.chunks} | ${ratio(r, "hybrid, common syllables only", "hybrid")} | ${ratio(r, "hybrid", "plain Orama defaults")} | ${ratio(r, "answer (hybrid + sentences)", "MiniSearch (BM25, accent-folded)")} | ${ratio(r, "fulltext", "MiniSearch (BM25, accent-folded)")} | ${r.sameResults.top8}/${r.sameResults.of} (${r.sameResults.top1}/${r.sameResults.of}) |\n`,
    );
  }
}
