import { renderAnswerText } from "../cli/render-answer.ts";
import type { Answer } from "../core/answer/answer.ts";
import type { AnswerService } from "../core/answer-service.ts";
import type { Library } from "../core/library.ts";
import type { SearchMode } from "../core/search/search-index.ts";
import type { EvalQuestion } from "./eval-set.ts";
import { createPlainOrama } from "./plain-orama.ts";

export interface EvalMetrics {
  setup: string;
  questions: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
  /** Share of answerable questions with a known fact whose answer contains it. */
  factInAnswer: number;
  /** Share of all questions where "abstained" matches whether the library can answer. */
  abstentionAccuracy: number;
  failures: { id: string; problem: string }[];
}

interface Outcome {
  articleIds: string[];
  answer: string;
  abstained: boolean;
}

function normalise(text: string): string {
  return text.normalize("NFC").toLowerCase();
}

/** Scores a list of outcomes against the evaluation set. */
export function score(
  setup: string,
  questions: readonly EvalQuestion[],
  outcomes: readonly Outcome[],
): EvalMetrics {
  const answerable = questions.filter((q) => q.articles.length > 0);
  let r1 = 0;
  let r5 = 0;
  let rr = 0;
  let facts = 0;
  let factTotal = 0;
  let abstainRight = 0;
  const failures: EvalMetrics["failures"] = [];
  questions.forEach((question, i) => {
    const outcome = outcomes[i];
    if (!outcome) return;
    const canAnswer = question.articles.length > 0;
    if (outcome.abstained === !canAnswer) abstainRight++;
    else failures.push({ id: question.id, problem: canAnswer ? "abstained" : "answered" });
    if (!canAnswer) return;
    const rank = outcome.articleIds.findIndex((id) => question.articles.includes(id));
    if (rank === 0) r1++;
    if (rank >= 0 && rank < 5) r5++;
    if (rank >= 0) rr += 1 / (rank + 1);
    else failures.push({ id: question.id, problem: "no relevant hit" });
    if (question.fact) {
      factTotal++;
      if (!outcome.abstained && normalise(outcome.answer).includes(normalise(question.fact))) facts++;
      else failures.push({ id: question.id, problem: `fact "${question.fact}" missing` });
    }
  });
  const n = answerable.length || 1;
  return {
    setup,
    questions: questions.length,
    recallAt1: r1 / n,
    recallAt5: r5 / n,
    mrr: rr / n,
    factInAnswer: factTotal ? facts / factTotal : 0,
    abstentionAccuracy: abstainRight / (questions.length || 1),
    failures,
  };
}

/** Distinct article ids in hit order. */
function articleOrder(hits: readonly { articleId: string }[]): string[] {
  return [...new Set(hits.map((hit) => hit.articleId))];
}

/** Runs the evaluation set through any way of answering. */
async function evaluateWith(
  setup: string,
  questions: readonly EvalQuestion[],
  answer: (question: string) => Promise<Answer>,
): Promise<EvalMetrics> {
  const outcomes: Outcome[] = [];
  for (const question of questions) {
    const result = await answer(question.question);
    outcomes.push({
      articleIds: articleOrder(result.hits),
      answer: renderAnswerText(result),
      abstained: result.abstained,
    });
  }
  return score(setup, questions, outcomes);
}

/** Runs the evaluation set through the library in one search mode. */
export function evaluateLibrary(
  library: Library,
  questions: readonly EvalQuestion[],
  mode: SearchMode,
): Promise<EvalMetrics> {
  const setup = mode === "hybrid" ? "hybrid (cchc-bot)" : `${mode} only (cchc-bot)`;
  return evaluateWith(setup, questions, (question) => library.ask(question, { search: { mode } }));
}

/** Runs the evaluation set through the full answer path (LLM when configured, with its fallback). */
export function evaluateAnswers(
  answers: AnswerService,
  questions: readonly EvalQuestion[],
  setup: string,
): Promise<EvalMetrics> {
  return evaluateWith(setup, questions, (question) => answers.ask(question));
}

/** Runs the evaluation set against Orama with default settings over the same chunks. */
export async function evaluatePlainOrama(
  library: Library,
  questions: readonly EvalQuestion[],
): Promise<EvalMetrics> {
  const plain = await createPlainOrama(library.store.listArticles());
  const outcomes: Outcome[] = [];
  for (const question of questions) {
    const hits = await plain.search(question.question, 8);
    outcomes.push({
      articleIds: articleOrder(hits),
      answer: hits[0]?.text ?? "",
      abstained: hits.length === 0,
    });
  }
  return score("plain Orama defaults", questions, outcomes);
}
