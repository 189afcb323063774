import type { Api } from "grammy";
import { CchcError } from "../core/errors.ts";

// Telegram lets bots download files of at most 20 MB (a local Bot API server lifts this; we do not need it).
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

/**
 * Downloads a file the member sent, through the Bot API's file endpoint (`getFile` gave its path). The
 * URL holds the bot token, so it is never logged; time and size are bounded.
 */
export async function downloadTelegramFile(
  api: Api,
  filePath: string,
  options: { timeoutMs: number; maxBytes: number },
): Promise<Uint8Array> {
  const root = api.options?.apiRoot ?? "https://api.telegram.org";
  const response = await fetch(`${root}/file/bot${api.token}/${filePath}`, {
    signal: AbortSignal.timeout(options.timeoutMs),
  }).catch((error: unknown) => {
    throw new CchcError("DOWNLOAD_FAILED", `file download: ${(error as Error).name}`);
  });
  if (!response.ok || !response.body) {
    throw new CchcError("DOWNLOAD_FAILED", `file download: HTTP ${response.status}`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.length;
    if (total > options.maxBytes) throw new CchcError("FILE_TOO_BIG", `more than ${options.maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
