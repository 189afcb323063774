import dotenv from "dotenv";
import type pino from "pino";
import type { Config } from "./config.ts";
import { ConfigError, parseConfig } from "./config.ts";
import { StoreUnreadableError } from "./core/store/database.ts";
import { StoreLostError } from "./core/store/store-integrity.ts";
import { createLogger } from "./logging.ts";

/** Reads .env and the environment once and builds the logger; exits with a clear message on bad config. */
export function bootstrap(): { config: Readonly<Config>; logger: pino.Logger } {
  dotenv.config({ quiet: true });
  try {
    const config = parseConfig(process.env);
    return { config, logger: createLogger(config.logLevel) };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting and its meaning.\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Runs a start-up step and turns the problems a person must fix (a lost, emptied or unreadable store) into
 * a clear message and exit code 1 instead of a stack trace.
 */
export async function orExit<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof StoreLostError || error instanceof StoreUnreadableError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
