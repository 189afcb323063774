import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { openApp } from "../app.ts";
import { bootstrap, orExit } from "../bootstrap.ts";
import { AnswerService } from "../core/answer-service.ts";
import { EVAL_SETS, loadEvalSet } from "../eval/eval-set.ts";
import {
  checkFixtures,
  fidelityTable,
  fixtureTable,
  loadFixturePages,
  loadOutsideArticles,
  measureIngestFidelity,
} from "../eval/ingest-fidelity.ts";
import { generateNoisyArticles, HOLDOUT_SAMPLE, TUNE_SAMPLE } from "../eval/noisy-articles.ts";
import {
  conversationTable,
  evaluateConversations,
  evaluateQuestions,
  kindTable,
  loadOutsideSet,
  questionTable,
} from "../eval/outside-eval.ts";
import type { OutsideLibrary } from "../eval/outside-library.ts";
import { openOutsideLibrary } from "../eval/outside-library.ts";
import type { EvalMetrics } from "../eval/run-eval.ts";
import { evaluateAnswers, evaluateLibrary, evaluatePlainOrama } from "../eval/run-eval.ts";

const ROUND_4_DIR = fileURLToPath(new URL("../../eval/outside-4", import.meta.url));
const PORTAL_PAGES_DIR = fileURLToPath(new URL("../../test/fixtures/portal-pages", import.meta.url));
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

async function runOutside(service: AnswerService, dir?: string): Promise<void> {
  const sets = loadOutsideSet(dir);
  // A set that brings its own documents is run on seeds + those documents, in a temporary library.
  const own = dir ? await openOutsideLibrary(dir, sets, logger) : null;
  try {
    await reportOutside(own?.service ?? service, own ?? sets);
  } finally {
    await own?.close();
  }
}

async function reportOutside(
  service: AnswerService,
  { questions, conversations }: Pick<OutsideLibrary, "questions" | "conversations">,
): Promise<void> {
  const splits = ["tuning", "held-out"] as const;
  const questionRows = [];
  const conversationRows = [];
  for (const split of splits) {
    const metrics = await evaluateQuestions(
      questions.filter((question) => question.split === split),
      (question) => service.ask(question),
    );
    questionRows.push({ name: split, metrics });
    const talks = await evaluateConversations(
      conversations.filter((conversation) => conversation.split === split),
      (question, chatId) => service.ask(question, { chatId }),
    );
    conversationRows.push({ name: split, metrics: talks });
  }
  process.stdout.write(`Outside questions (${service.mode})\n\n${questionTable(questionRows)}\n\n`);
  process.stdout.write(`${kindTable(questionRows)}\n\n`);
  process.stdout.write(`Outside conversations\n\n${conversationTable(conversationRows)}\n`);
  if (values.verbose) {
    for (const row of [...questionRows, ...conversationRows]) {
      process.stdout.write(`\n${row.name}:\n`);
      for (const failure of row.metrics.failures)
        process.stdout.write(`  ${failure.id}: ${failure.problem}\n`);
    }
  }
}

function table(rows: EvalMetrics[]): string {
  const header = "| set-up | Recall@1 | Recall@5 | MRR | fact in answer | abstention accuracy |";
  const lines = rows.map(
    (m) =>
      `| ${m.setup} | ${percent(m.recallAt1)} | ${percent(m.recallAt5)} | ${m.mrr.toFixed(3)} | ${percent(m.factInAnswer)} | ${percent(m.abstentionAccuracy)} |`,
  );
  return [header, "|---|---|---|---|---|---|", ...lines].join("\n");
}

const { values } = parseArgs({
  options: {
    set: { type: "string", multiple: true },
    verbose: { type: "boolean", short: "v" },
    llm: { type: "boolean" },
    ingest: { type: "boolean" },
    outside: { type: "boolean" },
    "outside-set": { type: "string" },
  },
});
if (values.ingest) {
  // Ingestion fidelity needs no library: generated articles go through read, clean and chunk only.
  const rows = [];
  for (const [name, sample] of [
    ["tuning", TUNE_SAMPLE],
    ["held-out", HOLDOUT_SAMPLE],
  ] as const) {
    const report = await measureIngestFidelity(generateNoisyArticles(sample));
    rows.push({ name: `${name} (seed ${sample.seed})`, report });
  }
  process.stdout.write(`${fidelityTable(rows)}\n\n`);
  const pages = loadFixturePages(PORTAL_PAGES_DIR);
  const fixtureRows = [];
  for (const split of ["tuning", "held-out"] as const) {
    const results = await checkFixtures(pages.filter((page) => page.split === split));
    fixtureRows.push({ name: `${split} (${split === "tuning" ? "odd" : "even"} numbers)`, results });
  }
  // Round 4's articles, written blind with their truth; every failure of the first run was read since.
  fixtureRows.push({
    name: "outside round 4 (read)",
    results: await checkFixtures(loadOutsideArticles(ROUND_4_DIR)),
  });
  process.stdout.write(`${fixtureTable(fixtureRows)}\n`);
  if (values.verbose)
    for (const { results } of fixtureRows)
      for (const result of results)
        if (
          result.refused ||
          !result.titleRight ||
          !result.dateRight ||
          result.lostFacts.length ||
          result.keptFurniture.length
        )
          process.stdout.write(`  ${JSON.stringify(result)}\n`);
  if (values.verbose) {
    for (const { name, report } of rows) {
      const leaks = [...report.leaks].sort((a, b) => b[1] - a[1]).slice(0, 8);
      process.stdout.write(`\n${name}: refused ${JSON.stringify(report.refused.slice(0, 10))}\n`);
      process.stdout.write(`  leaks: ${leaks.map(([noise, n]) => `${n}× ${noise}`).join("; ") || "none"}\n`);
      for (const failure of report.failures.slice(0, 15))
        process.stdout.write(`  ${failure.id}: ${failure.problem}\n`);
    }
  }
  process.exit(0);
}
const { config, logger } = bootstrap();
const { library, answers, close } = await orExit(() => openApp(config, logger, { readOnly: true }));
if (values.outside || values["outside-set"]) {
  try {
    await runOutside(
      values.llm && answers.mode === "llm" ? answers : new AnswerService({ library, llm: null, logger }),
      values["outside-set"],
    );
  } finally {
    await close();
  }
  process.exit(0);
}
try {
  const stats = library.stats();
  process.stdout.write(
    `Library: ${stats.articles} articles, ${stats.chunks} chunks; embedder ${stats.embedderId}\n`,
  );
  for (const path of values.set ?? Object.values(EVAL_SETS)) {
    const questions = loadEvalSet(path);
    const rows = [];
    if (values.llm) {
      if (answers.mode === "llm")
        rows.push(await evaluateAnswers(answers, questions, `LLM (${config.llm?.model})`));
      else process.stdout.write("LLM mode skipped: no OPENAI_API_KEY / OPENAI_BASE_URL configured.\n");
    }
    rows.push(
      await evaluateLibrary(library, questions, "hybrid"),
      await evaluateLibrary(library, questions, "fulltext"),
      await evaluateLibrary(library, questions, "vector"),
      await evaluatePlainOrama(library, questions),
    );
    process.stdout.write(`\n${basename(path)} (${questions.length} questions)\n\n${table(rows)}\n`);
    if (values.verbose) {
      for (const row of rows) {
        const failures = row.failures.map((failure) => `${failure.id} ${failure.problem}`).join("; ");
        process.stdout.write(`  ${row.setup}: ${failures || "no failures"}\n`);
      }
    }
  }
} finally {
  await close();
}
