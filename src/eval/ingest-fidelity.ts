import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CchcError } from "../core/errors.ts";
import { chunkArticle } from "../core/ingest/chunk-article.ts";
import { prepareArticle } from "../core/ingest/ingest-article.ts";
import type { NoisyArticle } from "./noisy-articles.ts";

/** How faithfully ingestion keeps the article and drops the furniture, over generated articles. */
export interface FidelityReport {
  articles: number;
  refused: { id: string; code: string }[];
  /** Share of the articles' numbers (as written) found in the stored title and body. */
  numbersKept: number;
  articlesLosingNumbers: number;
  /** The lowest share of numbers kept by one article. */
  worstNumbersKept: number;
  namesKept: number;
  passages: number;
  /** Share of passages that contain any inserted furniture string. */
  passagesWithFurniture: number;
  leaks: Map<string, number>;
  titlesRight: number;
  datesRight: number;
  failures: { id: string; problem: string }[];
}

export const FIDELITY_TARGETS = {
  refused: 0,
  numbersKept: 0.995,
  namesKept: 0.995,
  passagesWithFurniture: 0.01,
  titlesRight: 0.98,
  datesRight: 0.98,
} as const;

const squash = (text: string) => text.normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase();

/** Runs every article through the real ingestion (read, clean, chunk) and compares with the truth. */
export async function measureIngestFidelity(articles: readonly NoisyArticle[]): Promise<FidelityReport> {
  const report: FidelityReport = {
    articles: articles.length,
    refused: [],
    numbersKept: 0,
    articlesLosingNumbers: 0,
    worstNumbersKept: 1,
    namesKept: 0,
    passages: 0,
    passagesWithFurniture: 0,
    leaks: new Map(),
    titlesRight: 0,
    datesRight: 0,
    failures: [],
  };
  let numbers = 0;
  let numbersKept = 0;
  let names = 0;
  let namesKept = 0;
  let dirtyPassages = 0;
  for (const truth of articles) {
    let stored: Awaited<ReturnType<typeof prepareArticle>>;
    try {
      stored = await prepareArticle({
        bytes: Buffer.from(truth.raw),
        origin: "cli",
        originalName: truth.fileName,
      });
    } catch (error) {
      report.refused.push({ id: truth.id, code: error instanceof CchcError ? error.code : String(error) });
      continue;
    }
    const text = `${stored.title}\n${stored.body}`;
    const tokens = new Set(text.match(/\d+(?:[.,/]\d+)*%?/g) ?? []);
    const kept = truth.numbers.filter((number) => tokens.has(number));
    numbers += truth.numbers.length;
    numbersKept += kept.length;
    if (kept.length < truth.numbers.length) {
      report.articlesLosingNumbers++;
      const lost = truth.numbers.filter((number) => !tokens.has(number));
      report.failures.push({ id: truth.id, problem: `lost numbers ${lost.slice(0, 5).join(", ")}` });
    }
    if (truth.numbers.length > 0)
      report.worstNumbersKept = Math.min(report.worstNumbersKept, kept.length / truth.numbers.length);
    names += truth.names.length;
    namesKept += truth.names.filter((name) => text.includes(name)).length;
    for (const chunk of chunkArticle({ id: stored.id, title: stored.title, body: stored.body })) {
      report.passages++;
      const leaked = truth.noise.filter((noise) => chunk.text.includes(noise) || chunk.title.includes(noise));
      if (leaked.length === 0) continue;
      dirtyPassages++;
      for (const noise of leaked) {
        const key = noise.replace(/\d+/g, "N");
        report.leaks.set(key, (report.leaks.get(key) ?? 0) + 1);
      }
      report.failures.push({
        id: truth.id,
        problem: `furniture in a passage: ${leaked.slice(0, 3).join(" | ")}`,
      });
    }
    if (squash(stored.title) === squash(truth.title)) report.titlesRight++;
    else report.failures.push({ id: truth.id, problem: `title "${stored.title.slice(0, 80)}"` });
    const date = stored.date;
    const dateRight = truth.date
      ? date?.year === truth.date.year && date.month === truth.date.month && date.day === truth.date.day
      : date === null || date.year === null;
    if (dateRight) report.datesRight++;
    else
      report.failures.push({
        id: truth.id,
        problem: `date ${JSON.stringify(date)} ≠ ${JSON.stringify(truth.date)}`,
      });
  }
  const accepted = articles.length - report.refused.length;
  report.numbersKept = numbers === 0 ? 1 : numbersKept / numbers;
  report.namesKept = names === 0 ? 1 : namesKept / names;
  report.passagesWithFurniture = report.passages === 0 ? 0 : dirtyPassages / report.passages;
  report.titlesRight = accepted === 0 ? 0 : report.titlesRight / accepted;
  report.datesRight = accepted === 0 ? 0 : report.datesRight / accepted;
  return report;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** The report as a Markdown table row set, with the targets beside the figures. */
export function fidelityTable(rows: { name: string; report: FidelityReport }[]): string {
  const t = FIDELITY_TARGETS;
  const lines = [
    "| sample | articles | refused | numbers kept | names kept | passages with furniture | titles right | dates right |",
    "|---|---|---|---|---|---|---|---|",
    ...rows.map(
      ({ name, report: r }) =>
        `| ${name} | ${r.articles} | ${r.refused.length} | ${percent(r.numbersKept)} | ${percent(r.namesKept)} | ${percent(r.passagesWithFurniture)} | ${percent(r.titlesRight)} | ${percent(r.datesRight)} |`,
    ),
    `| target | | ${t.refused} | ≥ ${percent(t.numbersKept)} | ≥ ${percent(t.namesKept)} | ≤ ${percent(t.passagesWithFurniture)} | ≥ ${percent(t.titlesRight)} | ≥ ${percent(t.datesRight)} |`,
  ];
  return lines.join("\n");
}

/** A page written by someone who never saw the cleaner, with what it must keep and drop. */
export interface FixtureTruth {
  file: string;
  title: string;
  date: string | null;
  facts: string[];
  furniture: string[];
}

export interface FixtureResult {
  file: string;
  refused: string | null;
  titleRight: boolean;
  dateRight: boolean;
  lostFacts: string[];
  keptFurniture: string[];
}

/** Runs each fixture page through the real ingestion and compares with its truth file. */
export async function checkFixtures(
  fixtures: readonly { truth: FixtureTruth; bytes: Uint8Array }[],
): Promise<FixtureResult[]> {
  const results: FixtureResult[] = [];
  for (const { truth, bytes } of fixtures) {
    const result: FixtureResult = {
      file: truth.file,
      refused: null,
      titleRight: false,
      dateRight: false,
      lostFacts: [],
      keptFurniture: [],
    };
    try {
      const stored = await prepareArticle({ bytes, origin: "cli", originalName: truth.file });
      const text = squash(`${stored.title}\n${stored.body}`);
      result.titleRight = squash(stored.title) === squash(truth.title);
      const date = stored.date;
      const iso =
        date?.year && date.month && date.day
          ? `${date.year}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`
          : null;
      result.dateRight = iso === truth.date;
      result.lostFacts = truth.facts.filter((fact) => !text.includes(squash(fact)));
      result.keptFurniture = truth.furniture.filter((noise) => text.includes(squash(noise)));
    } catch (error) {
      result.refused = error instanceof CchcError ? error.code : String(error);
    }
    results.push(result);
  }
  return results;
}

/** The fixture pages in `dir` (NN-name.ext with NN-name.truth.json); odd NN tune, even NN are held out. */
export function loadFixturePages(
  dir: string,
): { split: "tuning" | "held-out"; truth: FixtureTruth; bytes: Uint8Array }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".truth.json"))
    .sort()
    .map((name) => {
      const truth = JSON.parse(readFileSync(join(dir, name), "utf8")) as FixtureTruth;
      const number = Number(/^(\d+)/.exec(name)?.[1] ?? 0);
      return {
        split: number % 2 === 1 ? ("tuning" as const) : ("held-out" as const),
        truth,
        bytes: readFileSync(join(dir, truth.file)),
      };
    });
}

/**
 * The articles of an outside evaluation set that come with a truth file (`truth.json`: title, date, phrases
 * to keep and furniture to drop per article), in the fixture pages' shape.
 */
export function loadOutsideArticles(dir: string): { truth: FixtureTruth; bytes: Uint8Array }[] {
  const { articles } = JSON.parse(readFileSync(join(dir, "truth.json"), "utf8")) as {
    articles: {
      file: string;
      title: string;
      date: string | null;
      must_keep: string[];
      must_drop: string[];
    }[];
  };
  return articles.map((article) => ({
    truth: {
      file: article.file,
      title: article.title,
      date: article.date,
      facts: article.must_keep,
      furniture: article.must_drop,
    },
    bytes: readFileSync(join(dir, "articles", article.file)),
  }));
}

export function fixtureTable(rows: readonly { name: string; results: FixtureResult[] }[]): string {
  const percent = (part: number, whole: number) =>
    `${whole === 0 ? "–" : ((part / whole) * 100).toFixed(1)}%`;
  const lines = rows.map(({ name, results }) => {
    const facts = results.reduce((sum, r) => sum + r.lostFacts.length, 0);
    const noise = results.reduce((sum, r) => sum + r.keptFurniture.length, 0);
    const clean = results.filter(
      (r) =>
        !r.refused && r.titleRight && r.dateRight && r.lostFacts.length === 0 && r.keptFurniture.length === 0,
    ).length;
    return `| ${name} | ${results.length} | ${results.filter((r) => r.refused).length} | ${facts} | ${noise} | ${percent(results.filter((r) => r.titleRight).length, results.length)} | ${percent(results.filter((r) => r.dateRight).length, results.length)} | ${clean}/${results.length} |`;
  });
  return [
    "| fixture pages | pages | refused | facts lost | furniture strings kept | titles right | dates right | pages fully right |",
    "|---|---|---|---|---|---|---|---|",
    ...lines,
  ].join("\n");
}
