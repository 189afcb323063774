import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { openApp } from "../app.ts";
import { bootstrap, orExit } from "../bootstrap.ts";
import type { AnswerService } from "../core/answer-service.ts";
import { isCchcError } from "../core/errors.ts";
import { answerToJson, renderAnswerText } from "./render-answer.ts";

const USAGE = `Usage:
  npm run ask -- "câu hỏi"           print the answer
  npm run ask -- --json "câu hỏi"    print one JSON object
  npm run ask -- --jsonl < file      one question per line on stdin, one JSON object per line out`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { json: { type: "boolean" }, jsonl: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
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
    let output: object;
    try {
      output = answerToJson(await answers.ask(line));
    } catch (error) {
      if (!isCchcError(error)) throw error;
      output = { question: line, error: { code: error.code, message: error.userMessage } };
    }
    process.stdout.write(`${JSON.stringify(output)}\n`);
  }
  return 0;
}

process.exitCode = await main();
