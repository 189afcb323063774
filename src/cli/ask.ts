import { createInterface } from "node:readline";
import { openApp } from "../app.ts";
import { bootstrap, orExit } from "../bootstrap.ts";
import type { AnswerService } from "../core/answer-service.ts";
import { isCchcError } from "../core/errors.ts";
import { parseCommandLine } from "./cli-args.ts";
import { answerToJson, renderAnswerText } from "./render-answer.ts";

const USAGE = `Usage:
  npm run ask -- "câu hỏi"           print the answer
  npm run ask -- --json "câu hỏi"    print one JSON object
  npm run ask -- --jsonl < file      one question per line on stdin, one JSON object per line out;
                                     a line may be {"conversation": "c1", "question": "…"}: lines with the
                                     same conversation id are one chat, in order, with the bot's memory
  npm run ask -- -- "-10% biên chế?"  a question that starts with "-" goes after a second "--"`;

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(
    {
      options: {
        json: { type: "boolean" },
        jsonl: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
    },
    USAGE,
  );
  if (values.help || (!values.jsonl && positionals.length === 0)) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const { config, logger } = bootstrap();
  const { answers, close } = await orExit(() => openApp(config, logger, { readOnly: true }));
  try {
    if (values.jsonl) return await answerLines(answers);
    return await answerOne(answers, positionals.join(" "), Boolean(values.json));
  } finally {
    await close();
  }
}

async function answerOne(answers: AnswerService, question: string, json: boolean): Promise<number> {
  try {
    const answer = await answers.ask(question);
    process.stdout.write(`${json ? JSON.stringify(answerToJson(answer)) : renderAnswerText(answer)}\n`);
    return 0;
  } catch (error) {
    if (!isCchcError(error)) throw error;
    if (json)
      process.stdout.write(
        `${JSON.stringify({ question, error: { code: error.code, message: error.userMessage } })}\n`,
      );
    else process.stderr.write(`${error.userMessage}\n`);
    return 2;
  }
}

async function answerLines(answers: AnswerService): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const input = parseLine(line);
    let output: object;
    if ("error" in input) {
      output = { line, error: { code: "BAD_LINE", message: input.error } };
    } else {
      const conversation = input.conversation === null ? {} : { conversation: input.conversation };
      try {
        const chatId = input.conversation === null ? {} : { chatId: `jsonl:${input.conversation}` };
        output = { ...conversation, ...answerToJson(await answers.ask(input.question, chatId)) };
      } catch (error) {
        if (!isCchcError(error)) throw error;
        output = {
          ...conversation,
          question: input.question,
          error: { code: error.code, message: error.userMessage },
        };
      }
    }
    process.stdout.write(`${JSON.stringify(output)}\n`);
  }
  return 0;
}

/** A plain line is one independent question; a JSON object line may belong to a conversation. */
function parseLine(line: string): { question: string; conversation: string | null } | { error: string } {
  if (!line.trimStart().startsWith("{")) return { question: line, conversation: null };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: "not valid JSON" };
  }
  const record = value as { question?: unknown; conversation?: unknown };
  if (typeof record.question !== "string") return { error: 'a JSON line needs "question" (a string)' };
  const conversation = record.conversation;
  if (conversation !== undefined && typeof conversation !== "string" && typeof conversation !== "number")
    return { error: '"conversation" must be a string or a number' };
  return {
    question: record.question,
    conversation: conversation === undefined ? null : String(conversation),
  };
}

process.exitCode = await main();
