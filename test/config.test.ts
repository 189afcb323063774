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
    const read = [...source.matchAll(/^ {2}([A-Z_]+): z\./gm)].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(5);
    expect(documented.sort()).toEqual(read.sort());
  });
});
