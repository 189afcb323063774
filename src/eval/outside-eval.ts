import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderAnswerText } from "../cli/render-answer.ts";
import type { Answer } from "../core/answer/answer.ts";

/**
 * The outside evaluation: questions and conversations written from the articles by someone who never saw
 * the code or ran the bot (eval/outside/), split once into a tuning and a held-out half. Only the
 * held-out figures are reported as the product's quality.
 */
export type Split = "tuning" | "held-out";

export interface OutsideQuestion {
  id: string;
  kind: string;
  question: string;
  articles: string[];
  fact: string;
  /** Two-part questions: one fact per part, all of which the answer must hold. */
  facts?: string[];
  split: Split;
}

export interface ConversationTurn {
  question: string;
  articles: string[];
  fact: string;
  expect: "answer" | "refuse";
  /** The turn only makes sense with the previous one. */
  merges: boolean;
}

export interface Conversation {
  id: string;
  turns: ConversationTurn[];
  split: Split;
}

const OUTSIDE_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../eval/outside");

export function loadOutsideSet(dir = OUTSIDE_DIR): {
  questions: OutsideQuestion[];
  conversations: Conversation[];
} {
  const read = <T>(name: string) => JSON.parse(readFileSync(join(dir, name), "utf8")) as T;
  return {
    questions: read<{ questions: OutsideQuestion[] }>("questions.json").questions,
    conversations: read<{ conversations: Conversation[] }>("conversations.json").conversations,
  };
}

export interface QuestionMetrics {
  questions: number;
  /** Answerable questions whose answer holds every expected fact. */
  factInAnswer: number;
  answerableRefused: number;
  /** Questions naming what the library does not hold, answered anyway. */
  unanswerableAnswered: number;
  offTopicAnswered: number;
  /** Answerable questions whose first hit is from an expected article. */
  recallAt1: number;
  byKind: Map<string, { total: number; right: number }>;
  failures: { id: string; problem: string }[];
}

export interface ConversationMetrics {
  turns: number;
  /** Turns merged (or not) with the previous one as the writers expected. */
  mergeRight: number;
  /** Turns that should stand alone but were merged with the previous turn. */
  hijacked: number;
  /** Answerable turns whose answer holds the fact. */
  factInAnswer: number;
  /** Turns to refuse that were refused. */
  refusedRight: number;
  failures: { id: string; problem: string }[];
}

const normalise = (text: string) => text.normalize("NFC").toLowerCase();
const holds = (answer: Answer, fact: string) =>
  !answer.abstained && normalise(renderAnswerText(answer)).includes(normalise(fact));
const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);

/** Asks every question alone (a fresh conversation each) and scores the answers. */
export async function evaluateQuestions(
  questions: readonly OutsideQuestion[],
  ask: (question: string) => Promise<Answer>,
): Promise<QuestionMetrics> {
  const failures: QuestionMetrics["failures"] = [];
  const byKind = new Map<string, { total: number; right: number }>();
  let answerable = 0;
  let facts = 0;
  let refused = 0;
  let top = 0;
  let absent = 0;
  let absentAnswered = 0;
  let offTopic = 0;
  let offTopicAnswered = 0;
  for (const question of questions) {
    const answer = await ask(question.question);
    const kind = byKind.get(question.kind) ?? { total: 0, right: 0 };
    byKind.set(question.kind, kind);
    kind.total++;
    if (question.articles.length === 0) {
      const isOffTopic = question.kind === "offtopic";
      if (isOffTopic) offTopic++;
      else absent++;
      if (answer.abstained) kind.right++;
      else {
        if (isOffTopic) offTopicAnswered++;
        else absentAnswered++;
        failures.push({ id: question.id, problem: "answered, but the library cannot answer it" });
      }
      continue;
    }
    answerable++;
    if (question.articles.includes(answer.hits[0]?.articleId ?? "")) top++;
    if (answer.abstained) {
      refused++;
      failures.push({ id: question.id, problem: "refused, but the library answers it" });
      continue;
    }
    const expected = question.facts?.length ? question.facts : [question.fact];
    const lost = expected.filter((fact) => !holds(answer, fact));
    if (lost.length === 0) {
      facts++;
      kind.right++;
    } else
      failures.push({ id: question.id, problem: `fact ${lost.map((f) => `"${f}"`).join(", ")} missing` });
  }
  return {
    questions: questions.length,
    factInAnswer: ratio(facts, answerable),
    answerableRefused: answerable === 0 ? 0 : refused / answerable,
    unanswerableAnswered: absent === 0 ? 0 : absentAnswered / absent,
    offTopicAnswered: offTopic === 0 ? 0 : offTopicAnswered / offTopic,
    recallAt1: ratio(top, answerable),
    byKind,
    failures,
  };
}

/** Replays each conversation in its own chat, in order, and scores merging, refusals and facts. */
export async function evaluateConversations(
  conversations: readonly Conversation[],
  ask: (question: string, chatId: string) => Promise<Answer>,
): Promise<ConversationMetrics> {
  const failures: ConversationMetrics["failures"] = [];
  let turns = 0;
  let mergeRight = 0;
  let hijacked = 0;
  let answerable = 0;
  let facts = 0;
  let toRefuse = 0;
  let refusedRight = 0;
  for (const conversation of conversations) {
    const chatId = `eval:${conversation.id}`;
    for (const [i, turn] of conversation.turns.entries()) {
      const id = `${conversation.id}.${i + 1}`;
      const answer = await ask(turn.question, chatId);
      turns++;
      const merged = Boolean(answer.searched) && i > 0;
      if (merged === turn.merges) mergeRight++;
      else
        failures.push({
          id,
          problem: turn.merges ? "not merged with the previous turn" : "merged (hijacked)",
        });
      if (merged && !turn.merges) hijacked++;
      if (turn.expect === "refuse") {
        toRefuse++;
        if (answer.abstained) refusedRight++;
        else failures.push({ id, problem: "answered, should be refused" });
        continue;
      }
      answerable++;
      if (turn.fact && holds(answer, turn.fact)) facts++;
      else if (turn.fact) failures.push({ id, problem: `fact "${turn.fact}" missing` });
      else facts++;
    }
  }
  return {
    turns,
    mergeRight: ratio(mergeRight, turns),
    hijacked,
    factInAnswer: ratio(facts, answerable),
    refusedRight: ratio(refusedRight, toRefuse),
    failures,
  };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

export function questionTable(rows: readonly { name: string; metrics: QuestionMetrics }[]): string {
  const header =
    "| split | questions | fact in answer | answerable refused | unanswerable answered | off-topic answered | Recall@1 |";
  return [
    header,
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      ({ name, metrics: m }) =>
        `| ${name} | ${m.questions} | ${percent(m.factInAnswer)} | ${percent(m.answerableRefused)} | ${percent(m.unanswerableAnswered)} | ${percent(m.offTopicAnswered)} | ${percent(m.recallAt1)} |`,
    ),
  ].join("\n");
}

export function kindTable(rows: readonly { name: string; metrics: QuestionMetrics }[]): string {
  const kinds = [...new Set(rows.flatMap((row) => [...row.metrics.byKind.keys()]))].sort();
  return [
    `| kind | ${rows.map((row) => row.name).join(" | ")} |`,
    `|---|${rows.map(() => "---|").join("")}`,
    ...kinds.map(
      (kind) =>
        `| ${kind} | ${rows
          .map(({ metrics }) => {
            const counts = metrics.byKind.get(kind);
            return counts ? `${counts.right}/${counts.total}` : "–";
          })
          .join(" | ")} |`,
    ),
  ].join("\n");
}

export function conversationTable(rows: readonly { name: string; metrics: ConversationMetrics }[]): string {
  return [
    "| split | turns | merged as expected | hijacked follow-ups | fact in answer | refusals right |",
    "|---|---|---|---|---|---|",
    ...rows.map(
      ({ name, metrics: m }) =>
        `| ${name} | ${m.turns} | ${percent(m.mergeRight)} | ${m.hijacked} | ${percent(m.factInAnswer)} | ${percent(m.refusedRight)} |`,
    ),
  ].join("\n");
}
