import type { AnswerService } from "../core/answer-service.ts";
import type { UploadLimits } from "../core/document-sources.ts";
import type { Library } from "../core/library.ts";
import type { Logger } from "../core/logger.ts";
import type { AccessList } from "../core/store/access-list.ts";
import type { AnswerLog } from "../core/store/answer-log.ts";
import type { SubscriptionStore } from "../core/store/subscriptions.ts";
import type { UsageLog } from "../core/store/usage-log.ts";
import type { RateLimiter } from "./rate-limit.ts";

/** Everything the Telegram adapter needs, handed in by the composition root (or a test). */
export interface BotDeps {
  library: Library;
  answers: AnswerService;
  answerLog: AnswerLog;
  access: AccessList;
  rateLimiter: RateLimiter;
  /** LLM tokens used (for /stats). */
  usage: UsageLog;
  /** Size and URL limits for admins' uploads. */
  uploads: UploadLimits;
  logger: Logger;
  /** Daily digests (absent: the digest commands are not offered). */
  digest?: {
    subscriptions: SubscriptionStore;
    /** The clock digests are scheduled by (injectable for tests). */
    now: () => number;
    settings: { defaultTime: { hour: number; minute: number }; maxArticles: number };
  };
  settings: {
    allowedUserIds: readonly number[];
    allowedChatIds: readonly number[];
    adminUserIds: readonly number[];
    /** Whether question texts appear in logs. */
    logQuestions: boolean;
  };
}
