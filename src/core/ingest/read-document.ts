import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import mammoth from "mammoth";
import { CchcError } from "../errors.ts";
import type { ArticleDate } from "./article-date.ts";
import { decodeText } from "./decode-text.ts";

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export type DocumentFormat = "text" | "html" | "docx";

/** The text of a document, ready for `cleanArticle`, with what the document itself says about its source. */
export interface DocumentText {
  text: string;
  format: DocumentFormat;
  url: string | null;
  date: ArticleDate | null;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const PDF = [0x25, 0x50, 0x44, 0x46]; // %PDF

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

/**
 * Reads plain text (.txt/.md, any encoding decodeText accepts), an HTML page (the article is extracted with
 * Readability, navigation and comments dropped) or a Word .docx. Anything else is refused with a code.
 */
export async function readDocument(input: {
  bytes: Uint8Array;
  fileName?: string | null;
}): Promise<DocumentText> {
  const { bytes } = input;
  if (bytes.length > MAX_DOCUMENT_BYTES)
    throw new CchcError("FILE_TOO_BIG", `${bytes.length} bytes > ${MAX_DOCUMENT_BYTES}`);
  if (bytes.length === 0) throw new CchcError("EMPTY_FILE");
  const extension = input.fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? "";
  if (startsWith(bytes, PDF)) throw new CchcError("UNSUPPORTED_TYPE", "PDF");
  if (startsWith(bytes, ZIP)) {
    if (extension !== "docx" && extension !== "")
      throw new CchcError("UNSUPPORTED_TYPE", `zip archive .${extension}`);
    return readDocx(bytes);
  }
  const { text } = decodeText(bytes);
  if (extension === "html" || extension === "htm" || looksLikeHtml(text)) return readHtml(text);
  return { text, format: "text", url: null, date: null };
}

function looksLikeHtml(text: string): boolean {
  return (
    /^\s*(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text) ||
    (text.match(/<\/(?:p|div|span|a)>/gi)?.length ?? 0) > 10
  );
}

async function readDocx(bytes: Uint8Array): Promise<DocumentText> {
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return { text: value, format: "docx", url: null, date: null };
  } catch (error) {
    throw new CchcError("UNSUPPORTED_TYPE", "not a readable .docx", { cause: error });
  }
}

// Block elements end a paragraph; the cleaner and chunker rely on paragraph breaks.
const BLOCK_END =
  /<\/(?:p|div|h[1-6]|li|blockquote|tr|section|article|figcaption|pre|table|ul|ol)>|<br\s*\/?>/gi;

function readHtml(html: string): DocumentText {
  const { document } = parseHTML(html);
  const url =
    document.querySelector('link[rel="canonical"]')?.getAttribute("href") ??
    document.querySelector('meta[property="og:url"]')?.getAttribute("content") ??
    null;
  const published =
    document.querySelector('meta[property="article:published_time"]')?.getAttribute("content") ??
    document.querySelector('meta[itemprop="datePublished"]')?.getAttribute("content") ??
    null;
  // linkedom's document is DOM-compatible enough for Readability; the types differ only nominally.
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
    charThreshold: 200,
  }).parse();
  if (!article?.content) throw new CchcError("EMPTY_ARTICLE", "no article found in the HTML page");
  const { document: content } = parseHTML(
    `<html><body>${article.content.replace(BLOCK_END, (tag) => `${tag}\n\n`)}</body></html>`,
  );
  const body = (content.body.textContent ?? "")
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/\n\s*\n\s*/g, "\n\n")
    .trim();
  const title = (article.title ?? "").trim();
  return {
    text: title ? `${title}\n\n${body}` : body,
    format: "html",
    url: url && /^https?:\/\//i.test(url) ? url : null,
    date: isoDate(article.publishedTime ?? published),
  };
}

function isoDate(value: string | null | undefined): ArticleDate | null {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})/.exec(value) : null;
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}
