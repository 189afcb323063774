import dotenv from "dotenv";
import type pino from "pino";
import type { Config } from "./config.ts";
import { ConfigError, parseConfig } from "./config.ts";
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
