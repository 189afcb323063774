import type { AnswerService } from "../core/answer-service.ts";
import type { Library } from "../core/library.ts";
import type { Logger } from "../core/logger.ts";
import type { AccessList } from "../core/store/access-list.ts";
import type { AnswerLog } from "../core/store/answer-log.ts";
import type { RateLimiter } from "./rate-limit.ts";

/** Everything the Telegram adapter needs, handed in by the composition root (or a test). */
export interface BotDeps {
  library: Library;
  answers: AnswerService;
  answerLog: AnswerLog;
  access: AccessList;
  rateLimiter: RateLimiter;
  logger: Logger;
  settings: {
    allowedUserIds: readonly number[];
    allowedChatIds: readonly number[];
    adminUserIds: readonly number[];
    /** Whether question texts appear in logs. */
    logQuestions: boolean;
  };
}
