import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { AnswerService } from "../core/answer-service.ts";
import { isCchcError } from "../core/errors.ts";
import type { Library } from "../core/library.ts";
import { renderAnswerText } from "./render-answer.ts";

const HELP = `Gõ câu hỏi rồi nhấn Enter (có dấu hoặc không dấu đều được).
Lệnh: /help — hướng dẫn, /stats — thư viện có gì, /quit — thoát.`;

/** The banner: which mode the chat runs in and what the library holds. */
export function banner(library: Library, mode: string): string {
  const stats = library.stats();
  const span = stats.firstDate && stats.lastDate ? `, từ ${stats.firstDate} đến ${stats.lastDate}` : "";
  return [
    "cchc-bot — hỏi đáp về cải cách hành chính",
    `Chế độ: ${mode}`,
    `Thư viện: ${stats.articles} bài viết (${stats.chunks} đoạn${span}).`,
    HELP,
  ].join("\n");
}

/**
 * An interactive chat on a terminal: each line is a question, answered with citations. With piped input
 * it answers every line and returns at the end of input.
 */
export async function runConsoleChat(options: {
  library: Library;
  answers: AnswerService;
  input: Readable;
  output: Writable;
  mode: string;
  interactive: boolean;
}): Promise<void> {
  const { library, input, output, interactive } = options;
  const write = (text: string) => output.write(`${text}\n`);
  write(banner(library, options.mode));
  const lines = createInterface({
    input,
    ...(interactive ? { output, prompt: "\n❯ " } : {}),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  if (interactive) lines.prompt();
  for await (const line of lines) {
    const text = line.trim();
    if (text === "/quit" || text === "/exit") break;
    if (text) write(await reply(library, options.answers, text));
    if (interactive) lines.prompt();
  }
  lines.close();
}

async function reply(library: Library, answers: AnswerService, text: string): Promise<string> {
  if (text === "/help" || text === "/start") return HELP;
  if (text === "/stats") {
    const stats = library.stats();
    return `${stats.articles} bài viết, ${stats.chunks} đoạn; vector: ${stats.embedderId}.`;
  }
  if (/^\/\w+/.test(text)) return `Lệnh không rõ: ${text.split(/\s/)[0]}. ${HELP}`;
  try {
    return renderAnswerText(await answers.ask(text, { chatId: "console" }));
  } catch (error) {
    if (isCchcError(error)) return error.userMessage;
    throw error;
  }
}
