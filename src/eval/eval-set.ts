import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface EvalQuestion {
  id: string;
  kind: "accented" | "unaccented" | "abbreviation" | "paraphrase" | "unanswerable";
  question: string;
  /** Articles that answer the question; empty when the library cannot answer it. */
  articles: string[];
  /** A string a correct answer contains, when there is one. */
  fact: string | null;
}

const EVAL_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../eval");
/** The tuning set and the held-out set (never used for tuning). */
export const EVAL_SETS = {
  dev: join(EVAL_DIR, "questions.json"),
  holdout: join(EVAL_DIR, "holdout.json"),
} as const;

export function loadEvalSet(path: string): EvalQuestion[] {
  return (JSON.parse(readFileSync(path, "utf8")) as { questions: EvalQuestion[] }).questions;
}
