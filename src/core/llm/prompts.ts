import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const DEFAULT_PROMPTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../prompts");

/** The LLM prompts, loaded once from `prompts/`; each names the placeholders it must contain. */
export interface Prompts {
  answerSystem: string;
  answerUser: string;
  rewriteFollowUp: string;
  digestSummary: string;
}

const REQUIRED: Record<keyof Prompts, { file: string; placeholders: string[] }> = {
  answerSystem: { file: "answer-system.md", placeholders: ["not_answerable"] },
  answerUser: { file: "answer-user.md", placeholders: ["passages", "question"] },
  rewriteFollowUp: { file: "rewrite-followup.md", placeholders: ["history", "question"] },
  digestSummary: { file: "digest-summary.md", placeholders: ["title", "body"] },
};

/** Loads the prompt files and checks that each has its placeholders, so a broken edit fails at start-up. */
export function loadPrompts(dir: string = DEFAULT_PROMPTS_DIR): Prompts {
  const prompts = {} as Prompts;
  for (const [key, { file, placeholders }] of Object.entries(REQUIRED) as [
    keyof Prompts,
    (typeof REQUIRED)[keyof Prompts],
  ][]) {
    const text = readFileSync(join(dir, file), "utf8").trim();
    for (const name of placeholders) {
      if (!text.includes(`{{${name}}}`)) throw new Error(`prompts/${file} lacks the placeholder {{${name}}}`);
    }
    prompts[key] = text;
  }
  return prompts;
}

/** Replaces {{name}} placeholders; a placeholder without a value is an error, not an empty string. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the placeholder {{${name}}}`);
    return value;
  });
}
