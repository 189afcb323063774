import { resolve } from "node:path";
import { z } from "zod";

// Every setting the program reads, with its default. .env.example documents the same list; a test keeps
// the two in step.
const idList = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const ids = value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
    const bad = ids.filter((id) => !/^-?\d+$/.test(id));
    if (bad.length > 0)
      ctx.addIssue({ code: "custom", message: `not numeric Telegram ids: ${bad.join(", ")}` });
    return ids.map(Number);
  });
const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .default("false")
  .transform((value) => ["true", "1", "yes"].includes(value));

const schema = z.object({
  DATA_DIR: z.string().min(1).default("./data"),
  SEEDS_DIR: z.string().min(1).default("./seeds"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]+$/, "expected the form 123456:ABC-DEF… from @BotFather")
    .optional(),
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).optional(),
  ALLOWED_USER_IDS: idList,
  ALLOWED_CHAT_IDS: idList,
  ADMIN_USER_IDS: idList,
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(600).default(6),
  WEBHOOK_URL: z.url({ protocol: /^https$/ }).optional(),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, "16–256 characters of A-Z, a-z, 0-9, _ and -")
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  LOG_QUESTIONS: flag,
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  EMBEDDINGS_MODEL: z.string().optional(),
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(8).max(8192).optional(),
  EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  LLM_MODEL: z.string().min(1).default("gpt-4o-mini"),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(20_000),
  LLM_MAX_PASSAGES: z.coerce.number().int().min(1).max(20).default(6),
  LLM_MAX_TOKENS: z.coerce.number().int().min(50).max(8000).default(700),
  LLM_FAILURES_BEFORE_COOLDOWN: z.coerce.number().int().min(1).max(100).default(3),
  LLM_COOLDOWN_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  SEARCH_TOP_K: z.coerce.number().int().min(1).max(50).default(8),
  ANSWER_MIN_RELEVANCE: z.coerce.number().min(0).max(1).default(0.45),
  // Telegram lets bots download files of at most 20 MB.
  UPLOAD_MAX_MB: z.coerce.number().min(0.1).max(20).default(10),
  URL_FETCH_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(15_000),
  URL_FETCH_ALLOW_LOOPBACK: flag,
  LIBRARY_SYNC_INTERVAL_MS: z.coerce.number().int().min(200).max(600_000).default(2000),
  DIGEST_DEFAULT_TIME: z
    .string()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, "a time of day such as 07:30")
    .default("07:30"),
  DIGEST_CHECK_INTERVAL_MS: z.coerce.number().int().min(200).max(600_000).default(30_000),
  DIGEST_MAX_ARTICLES: z.coerce.number().int().min(1).max(50).default(15),
});

export interface Config {
  dataDir: string;
  seedsDir: string;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  telegramBotToken: string | null;
  telegram: {
    apiRoot: string | null;
    allowedUserIds: number[];
    allowedChatIds: number[];
    adminUserIds: number[];
    rateLimitPerMinute: number;
    webhook: { url: string; secret: string; port: number } | null;
    logQuestions: boolean;
  };
  openai: { apiKey: string | null; baseUrl: string | null };
  embeddings: { model: string; dimensions: number | null; timeoutMs: number } | null;
  /** Null when no endpoint is configured (or LLM_MODEL=off): search-only mode. */
  llm: {
    model: string;
    timeoutMs: number;
    maxPassages: number;
    maxTokens: number;
    failuresBeforeCooldown: number;
    cooldownMs: number;
  } | null;
  search: { topK: number; minRelevance: number };
  uploads: {
    maxBytes: number;
    urlTimeoutMs: number;
    /** Lets /add <url> fetch from 127.0.0.1 (tests only); private and link-local addresses stay refused. */
    allowLoopbackUrls: boolean;
  };
  /** How often a running program looks for articles added or removed by another process. */
  librarySyncIntervalMs: number;
  digest: {
    /** What /subscribe without a time means. */
    defaultTime: { hour: number; minute: number };
    /** How often the bot looks for digests that are due. */
    checkIntervalMs: number;
    maxArticles: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const blankToUndefined = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value?.trim() === "" ? undefined : value]),
  );

/** Validates the environment once; a wrong value throws a ConfigError that names the variable. */
export function parseConfig(env: NodeJS.ProcessEnv): Readonly<Config> {
  const parsed = schema.safeParse(blankToUndefined(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  const e = parsed.data;
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) {
    throw new ConfigError([
      "WEBHOOK_SECRET: required with WEBHOOK_URL (Telegram sends it back so forged updates are refused)",
    ]);
  }
  if (e.EMBEDDINGS_MODEL && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) {
    throw new ConfigError([
      "EMBEDDINGS_MODEL: needs OPENAI_BASE_URL or OPENAI_API_KEY to reach an embeddings endpoint",
    ]);
  }
  return Object.freeze({
    dataDir: resolve(e.DATA_DIR),
    seedsDir: resolve(e.SEEDS_DIR),
    logLevel: e.LOG_LEVEL,
    telegramBotToken: e.TELEGRAM_BOT_TOKEN ?? null,
    telegram: {
      apiRoot: e.TELEGRAM_API_ROOT ?? null,
      allowedUserIds: e.ALLOWED_USER_IDS,
      allowedChatIds: e.ALLOWED_CHAT_IDS,
      adminUserIds: e.ADMIN_USER_IDS,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      webhook:
        e.WEBHOOK_URL && e.WEBHOOK_SECRET
          ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET, port: e.PORT }
          : null,
      logQuestions: e.LOG_QUESTIONS,
    },
    openai: { apiKey: e.OPENAI_API_KEY ?? null, baseUrl: e.OPENAI_BASE_URL ?? null },
    embeddings: e.EMBEDDINGS_MODEL
      ? {
          model: e.EMBEDDINGS_MODEL,
          dimensions: e.EMBEDDINGS_DIMENSIONS ?? null,
          timeoutMs: e.EMBEDDINGS_TIMEOUT_MS,
        }
      : null,
    llm:
      (e.OPENAI_API_KEY || e.OPENAI_BASE_URL) && e.LLM_MODEL !== "off"
        ? {
            model: e.LLM_MODEL,
            timeoutMs: e.LLM_TIMEOUT_MS,
            maxPassages: e.LLM_MAX_PASSAGES,
            maxTokens: e.LLM_MAX_TOKENS,
            failuresBeforeCooldown: e.LLM_FAILURES_BEFORE_COOLDOWN,
            cooldownMs: e.LLM_COOLDOWN_MS,
          }
        : null,
    search: { topK: e.SEARCH_TOP_K, minRelevance: e.ANSWER_MIN_RELEVANCE },
    uploads: {
      maxBytes: Math.round(e.UPLOAD_MAX_MB * 1024 * 1024),
      urlTimeoutMs: e.URL_FETCH_TIMEOUT_MS,
      allowLoopbackUrls: e.URL_FETCH_ALLOW_LOOPBACK,
    },
    librarySyncIntervalMs: e.LIBRARY_SYNC_INTERVAL_MS,
    digest: {
      defaultTime: {
        hour: Number(e.DIGEST_DEFAULT_TIME.split(":")[0]),
        minute: Number(e.DIGEST_DEFAULT_TIME.split(":")[1]),
      },
      checkIntervalMs: e.DIGEST_CHECK_INTERVAL_MS,
      maxArticles: e.DIGEST_MAX_ARTICLES,
    },
  });
}
