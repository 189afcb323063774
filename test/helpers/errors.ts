import { isCchcError } from "../../src/core/errors.ts";

/** The CchcError code `fn` throws, null when it does not throw, "OTHER" for any other error. */
export function errorCodeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return isCchcError(error) ? error.code : "OTHER";
  }
}

/** The CchcError code the promise returned by `fn` rejects with, null when it resolves. */
export async function asyncErrorCodeOf(fn: () => Promise<unknown>): Promise<string | null> {
  try {
    await fn();
    return null;
  } catch (error) {
    return isCchcError(error) ? error.code : "OTHER";
  }
}
