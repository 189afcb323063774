import { CchcError } from "./errors.ts";
import { fetchDocumentUrl } from "./ingest/fetch-url.ts";
import type { DocumentInput, IngestOutcome, Library } from "./library.ts";

/** Limits on what an admin may add (from configuration). */
export interface UploadLimits {
  maxBytes: number;
  urlTimeoutMs: number;
  allowLoopbackUrls: boolean;
}

/** Who adds a document, for the article's origin and the audit log. */
export type Contributor = Pick<DocumentInput, "origin" | "actor">;

/** True for the strings `/add` and `npm run ingest` treat as a web page to fetch. */
export function isWebUrl(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text.trim());
}

/**
 * Adds a document given as bytes (a chat upload, a file on disk) after checking its size: the one path
 * the chat and the ingest CLI share.
 */
export async function addBytes(
  library: Library,
  input: { bytes: Uint8Array; fileName: string | null; url?: string | null },
  limits: UploadLimits,
  who: Contributor,
): Promise<IngestOutcome> {
  refuseOversized(input.bytes.length, limits);
  // The source a member will be sent to: a web address, nothing else ("javascript:…" is not a source).
  if (input.url && !isWebUrl(input.url)) throw new CchcError("URL_INVALID", input.url);
  return library.addDocument({
    bytes: input.bytes,
    originalName: input.fileName,
    url: input.url ?? null,
    ...who,
  });
}

/** Fetches a web page or document (refusing private addresses, see fetch-url.ts) and adds its article. */
export async function addUrl(
  library: Library,
  url: string,
  limits: UploadLimits,
  who: Contributor,
  signal?: AbortSignal,
): Promise<IngestOutcome> {
  const fetched = await fetchDocumentUrl(url.trim(), {
    timeoutMs: limits.urlTimeoutMs,
    maxBytes: limits.maxBytes,
    allowLoopback: limits.allowLoopbackUrls,
    ...(signal ? { signal } : {}),
  });
  return addBytes(
    library,
    { bytes: fetched.bytes, fileName: fetched.fileName, url: fetched.finalUrl },
    limits,
    who,
  );
}

/** Refuses a document over the configured size before anything reads it. */
export function refuseOversized(bytes: number, limits: Pick<UploadLimits, "maxBytes">): void {
  if (bytes <= limits.maxBytes) return;
  const megabytes = (limits.maxBytes / 2 ** 20).toLocaleString("vi-VN", { maximumFractionDigits: 1 });
  throw new CchcError("FILE_TOO_BIG", `${bytes} bytes > ${limits.maxBytes}`, {
    userMessage: `Tệp quá lớn (tối đa ${megabytes} MB). Hãy gửi tệp nhỏ hơn hoặc tách thành nhiều tệp.`,
  });
}
