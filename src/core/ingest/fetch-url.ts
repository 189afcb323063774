import { lookup as dnsLookup } from "node:dns/promises";
import type { IncomingMessage } from "node:http";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { CchcError } from "../errors.ts";
import { classifyAddress } from "./address-policy.ts";

/** A fetched page or document, ready for readDocument. */
export interface FetchedDocument {
  bytes: Uint8Array;
  contentType: string;
  /** Where the last redirect led. */
  finalUrl: string;
  /** A name with an extension that matches the content type, so readDocument recognises the format. */
  fileName: string | null;
  /** The charset the server declared, when not UTF-8 (e.g. windows-1258). */
  charset: string | null;
}

export interface FetchUrlOptions {
  /** The whole operation, redirects included. */
  timeoutMs: number;
  /** Bytes actually read (after decompression); past it the fetch stops and is refused. */
  maxBytes: number;
  /** Allow 127.0.0.0/8 and ::1 (tests only); private and link-local addresses stay refused. */
  allowLoopback?: boolean;
  maxRedirects?: number;
  /** DNS resolution (injectable for tests); all addresses of the name. */
  lookup?: (hostname: string) => Promise<{ address: string; family: number }[]>;
  signal?: AbortSignal;
  userAgent?: string;
}

const EXTENSION_BY_TYPE: Record<string, string> = {
  "text/html": "html",
  "application/xhtml+xml": "html",
  "text/plain": "txt",
  "text/markdown": "md",
  "text/x-markdown": "md",
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
};
const GENERIC_TYPES = new Set(["application/octet-stream", "binary/octet-stream"]);
const DOCUMENT_EXTENSIONS = new Set(["html", "htm", "txt", "md", "pdf", "docx"]);

/**
 * Fetches a web page or document for `/add <url>` without becoming a way into the server's network: only
 * http(s), every address a name resolves to must be public (checked again on every redirect), the
 * connection goes to the address that was checked (no second lookup to rebind), and time, redirects and
 * bytes read are bounded.
 */
export async function fetchDocumentUrl(url: string, options: FetchUrlOptions): Promise<FetchedDocument> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let current = parseWebUrl(url);
  try {
    for (let hop = 0; ; hop++) {
      const address = await allowedAddress(current, options);
      const response = await request(current, address, signal, options.userAgent);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.resume();
        if (hop >= (options.maxRedirects ?? 5))
          throw new CchcError("URL_TOO_MANY_REDIRECTS", `${hop + 1} redirects from ${url}`);
        current = parseWebUrl(new URL(location, current).toString());
        continue;
      }
      if (status >= 400 || status < 200) {
        response.resume();
        throw new CchcError("URL_HTTP_ERROR", `HTTP ${status} from ${current.host}`, {
          userMessage: `Trang web trả về lỗi HTTP ${status}. Hãy kiểm tra lại đường dẫn.`,
        });
      }
      return await readDocumentResponse(response, current, options.maxBytes);
    }
  } catch (error) {
    if (error instanceof CchcError) throw error;
    if (options.signal?.aborted) throw error;
    if (timeout.aborted) throw new CchcError("URL_TIMEOUT", `${url} after ${options.timeoutMs} ms`);
    throw new CchcError("URL_UNREACHABLE", `${current.host}: ${String(error)}`, { cause: error });
  }
}

function parseWebUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new CchcError("URL_INVALID", `not a URL: ${text.slice(0, 100)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new CchcError("URL_INVALID", `scheme ${url.protocol}`);
  if (url.username || url.password) throw new CchcError("URL_INVALID", "credentials in the URL");
  return url;
}

async function allowedAddress(
  url: URL,
  options: FetchUrlOptions,
): Promise<{ address: string; family: number }> {
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(hostname)
    ? [{ address: hostname, family: isIP(hostname) }]
    : await (options.lookup ?? ((name) => dnsLookup(name, { all: true, verbatim: true })))(hostname).catch(
        (error: unknown) => {
          throw new CchcError("URL_UNREACHABLE", `${hostname} does not resolve`, { cause: error });
        },
      );
  if (addresses.length === 0) throw new CchcError("URL_UNREACHABLE", `${hostname} has no address`);
  // Every address must pass: a name that also resolves to a private one could be steered to it.
  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    if (kind === null || (kind === "loopback" && options.allowLoopback)) continue;
    throw new CchcError("URL_FORBIDDEN", `${hostname} resolves to ${kind} address ${address}`);
  }
  const first = addresses[0];
  if (!first) throw new CchcError("URL_UNREACHABLE", `${hostname} has no address`);
  return first;
}

function request(
  url: URL,
  target: { address: string; family: number },
  signal: AbortSignal,
  userAgent = "cchc-bot (article import)",
): Promise<IncomingMessage> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: "GET",
        signal,
        headers: {
          "user-agent": userAgent,
          accept: "text/html,application/xhtml+xml,text/plain,application/pdf,*/*;q=0.5",
          "accept-encoding": "gzip, deflate, br",
        },
        // Connect to the address that was checked, whatever the name resolves to now.
        lookup: (_hostname, lookupOptions, callback) => {
          if ((lookupOptions as { all?: boolean }).all)
            (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
          else callback(null, target.address, target.family);
        },
      },
      resolve,
    );
    req.on("error", reject);
    req.end();
  });
}

async function readDocumentResponse(
  response: IncomingMessage,
  url: URL,
  maxBytes: number,
): Promise<FetchedDocument> {
  const header = String(response.headers["content-type"] ?? "").toLowerCase();
  const mime = header.split(";")[0]?.trim() ?? "";
  const pathExtension = /\.([a-z0-9]{2,5})$/i.exec(url.pathname)?.[1]?.toLowerCase() ?? "";
  const extension =
    EXTENSION_BY_TYPE[mime] ??
    (GENERIC_TYPES.has(mime) && DOCUMENT_EXTENSIONS.has(pathExtension) ? pathExtension : null);
  if (!extension) {
    response.resume();
    throw new CchcError("UNSUPPORTED_TYPE", `content type ${mime || "(none)"}`);
  }
  const declared = Number(response.headers["content-length"] ?? Number.NaN);
  if (declared > maxBytes) {
    response.resume();
    throw tooBig(declared, maxBytes);
  }
  const bytes = await readCapped(decoded(response), maxBytes);
  const charset = /charset=["']?([\w-]+)/.exec(header)?.[1] ?? null;
  return {
    bytes,
    contentType: mime,
    finalUrl: url.toString(),
    fileName: fileNameFor(url, extension),
    charset: charset && !/^utf-?8$/i.test(charset) ? charset : null,
  };
}

function decoded(response: IncomingMessage): Readable {
  switch (String(response.headers["content-encoding"] ?? "").toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return response.pipe(zlib.createGunzip());
    case "deflate":
      return response.pipe(zlib.createInflate());
    case "br":
      return response.pipe(zlib.createBrotliDecompress());
    default:
      return response;
  }
}

// Counting decoded bytes keeps a small compressed body from expanding past the cap (a zip bomb).
async function readCapped(stream: Readable, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      stream.destroy();
      throw tooBig(total, maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function tooBig(bytes: number, maxBytes: number): CchcError {
  const megabytes = (maxBytes / 2 ** 20).toLocaleString("vi-VN", { maximumFractionDigits: 1 });
  return new CchcError("FILE_TOO_BIG", `more than ${maxBytes} bytes (${bytes} read or declared)`, {
    userMessage: `Trang hoặc tệp quá lớn (tối đa ${megabytes} MB).`,
  });
}

function fileNameFor(url: URL, extension: string): string {
  const last = decodeURIComponent(url.pathname.split("/").filter(Boolean).at(-1) ?? "") || url.hostname;
  const hasExtension = /\.(?:html?|txt|md|pdf|docx)$/i.test(last);
  return hasExtension ? last : `${last}.${extension}`;
}
