import type { ParseArgsConfig } from "node:util";
import { parseArgs } from "node:util";

/**
 * The command line as `parseArgs` reads it, or — for an unknown option, a missing value, a question that
 * starts with "-" — a one-line reason and the usage, with exit code 2, never a stack trace.
 */
export function parseCommandLine<T extends ParseArgsConfig>(
  config: T,
  usage: string,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    process.stderr.write(`${reason}\n\n${usage}\n`);
    process.exit(2);
  }
}
