import type { BotDeps } from "../../src/bot/bot-deps.ts";
import { RateLimiter } from "../../src/bot/rate-limit.ts";
import { AnswerService } from "../../src/core/answer-service.ts";
import type { Library } from "../../src/core/library.ts";
import type { Logger } from "../../src/core/logger.ts";
import { AccessList } from "../../src/core/store/access-list.ts";
import { AnswerLog } from "../../src/core/store/answer-log.ts";
import { SubscriptionStore } from "../../src/core/store/subscriptions.ts";
import { UsageLog } from "../../src/core/store/usage-log.ts";

export const TEST_TOKEN = "123456:TEST-token";

/** The bot's dependencies over `library`, as main.ts wires them, with test-friendly defaults. */
export function botDeps(
  library: Library,
  logger: Logger,
  overrides: {
    settings?: Partial<BotDeps["settings"]>;
    answers?: AnswerService;
    perMinute?: number;
    uploads?: Partial<BotDeps["uploads"]>;
    /** The clock digests are scheduled by. */
    now?: () => number;
  } = {},
): BotDeps {
  const database = library.store.database;
  return {
    library,
    answers: overrides.answers ?? new AnswerService({ library, llm: null, logger }),
    answerLog: new AnswerLog(database),
    access: new AccessList(database),
    rateLimiter: new RateLimiter(overrides.perMinute ?? 100),
    usage: new UsageLog(database),
    uploads: { maxBytes: 10 * 2 ** 20, urlTimeoutMs: 2000, allowLoopbackUrls: false, ...overrides.uploads },
    logger,
    digest: {
      subscriptions: new SubscriptionStore(database),
      now: overrides.now ?? Date.now,
      settings: { defaultTime: { hour: 7, minute: 30 }, maxArticles: 15 },
    },
    settings: {
      allowedUserIds: [],
      allowedChatIds: [],
      adminUserIds: [],
      logQuestions: false,
      ...overrides.settings,
    },
  };
}
