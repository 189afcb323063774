import pino from "pino";
import type { Config } from "./config.ts";

/** JSON lines on stderr, so stdout stays free for answers and --json output. Keys and tokens are redacted. */
export function createLogger(level: Config["logLevel"]): pino.Logger {
  return pino(
    {
      level,
      base: null,
      redact: {
        paths: ["apiKey", "token", "*.apiKey", "*.token", "headers.authorization"],
        censor: "[redacted]",
      },
    },
    pino.destination(2),
  );
}
