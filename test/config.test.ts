import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.ts";

describe("parseConfig", () => {
  it("runs with no settings at all: local embedder, search-only, console", () => {
    const config = parseConfig({});
    expect(config.telegramBotToken).toBeNull();
    expect(config.embeddings).toBeNull();
    expect(config.dataDir).toMatch(/data$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("treats blank values as unset", () => {
    expect(parseConfig({ OPENAI_BASE_URL: "", EMBEDDINGS_MODEL: " " }).embeddings).toBeNull();
  });

  it("names the variable that is wrong", () => {
    for (const [name, value] of [
      ["LOG_LEVEL", "loud"],
      ["OPENAI_BASE_URL", "not a url"],
      ["SEARCH_TOP_K", "0"],
      ["EMBEDDINGS_TIMEOUT_MS", "soon"],
      ["ANSWER_MIN_RELEVANCE", "2"],
    ] as const) {
      expect(() => parseConfig({ [name]: value }), name).toThrow(ConfigError);
      expect(() => parseConfig({ [name]: value }), name).toThrow(name);
    }
  });

  it("reads Telegram id lists and requires a secret with a webhook", () => {
    const config = parseConfig({
      ALLOWED_USER_IDS: "101, 202",
      ALLOWED_CHAT_IDS: "-1001",
      ADMIN_USER_IDS: "",
    });
    expect(config.telegram).toMatchObject({
      allowedUserIds: [101, 202],
      allowedChatIds: [-1001],
      adminUserIds: [],
      webhook: null,
    });
    expect(() => parseConfig({ ALLOWED_USER_IDS: "101,alice" })).toThrow(/ALLOWED_USER_IDS/);
    expect(() => parseConfig({ WEBHOOK_URL: "https://bot.example.org/hook" })).toThrow(/WEBHOOK_SECRET/);
    expect(() => parseConfig({ TELEGRAM_BOT_TOKEN: "not-a-token" })).toThrow(/TELEGRAM_BOT_TOKEN/);
    expect(parseConfig({ LOG_QUESTIONS: "yes" }).telegram.logQuestions).toBe(true);
  });

  it("turns the LLM on only when an endpoint is configured", () => {
    expect(parseConfig({}).llm).toBeNull();
    expect(parseConfig({ OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" }).llm?.model).toBe("gpt-4o-mini");
    expect(parseConfig({ OPENAI_API_KEY: "sk-x", LLM_MODEL: "off" }).llm).toBeNull();
  });

  it("refuses an embeddings model without an endpoint to ask", () => {
    expect(() => parseConfig({ EMBEDDINGS_MODEL: "bge-m3" })).toThrow(/EMBEDDINGS_MODEL/);
    expect(
      parseConfig({ EMBEDDINGS_MODEL: "bge-m3", OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" }).embeddings
        ?.model,
    ).toBe("bge-m3");
  });

  it("documents every setting in .env.example", () => {
    const example = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
    const documented = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    const source = readFileSync(new URL("../src/config.ts", import.meta.url), "utf8");
    const schema = source.slice(source.indexOf("const schema = z.object({"));
    const read = [...schema.matchAll(/^ {2}([A-Z_]+): /gm)].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(5);
    expect(documented.sort()).toEqual(read.sort());
  });
});
