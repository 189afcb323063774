import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import mammoth from "mammoth";
import { CchcError } from "../errors.ts";
import type { ArticleDate } from "./article-date.ts";
import { parseIsoDate, readDateline } from "./article-date.ts";
import { decodeText } from "./decode-text.ts";
import { readMarkdown } from "./markdown-text.ts";

export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
const MIN_PAGE_WORDS = 8;

export type DocumentFormat = "text" | "markdown" | "html" | "docx" | "pdf";
/** Pages read from a PDF at most (a news article or an official letter is a few pages). */
const MAX_PDF_PAGES = 50;

/** The text of a document, ready for `cleanArticle`, with what the document itself says about its source. */
export interface DocumentText {
  text: string;
  format: DocumentFormat;
  url: string | null;
  date: ArticleDate | null;
  /** The headline the document's structure marks (HTML headline, Markdown "# " or front matter). */
  title: string | null;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const PDF = [0x25, 0x50, 0x44, 0x46]; // %PDF
// An OLE compound file: a Word 97–2003 .doc, or an Office file that a password has encrypted.
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Letters per page below which a PDF is taken as scanned pages (a page number or a stamp is not text). */
const MIN_PDF_LETTERS_PER_PAGE = 20;

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

/**
 * Reads plain text (.txt, any encoding decodeText accepts; .md without its Markdown marks), an HTML page (the article is extracted with
 * Readability, navigation and comments dropped), a Word .docx or a PDF with a text layer. Anything else is
 * refused with a code.
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
  if (startsWith(bytes, PDF)) return readPdf(bytes);
  if (startsWith(bytes, ZIP)) {
    if (extension !== "docx" && extension !== "")
      throw new CchcError("UNSUPPORTED_TYPE", `zip archive .${extension}`);
    return readDocx(bytes);
  }
  if (startsWith(bytes, OLE)) {
    if (extension === "docx" || extension === "xlsx" || extension === "pptx")
      throw new CchcError("ENCRYPTED_FILE", `encrypted .${extension}`);
    throw new CchcError("LEGACY_DOC", `OLE compound file .${extension}`);
  }
  const { text } = decodeText(bytes);
  if (extension === "html" || extension === "htm" || looksLikeHtml(text)) return readHtml(text);
  if (extension === "md" || extension === "markdown")
    return { ...readMarkdown(text), format: "markdown", url: null };
  // A text format of its own (.rtf, .csv, .json…) is not an article as text: its marks would be stored.
  if (extension && !TEXT_EXTENSIONS.has(extension)) throw new CchcError("UNSUPPORTED_TYPE", `.${extension}`);
  return { text, format: "text", url: null, date: null, title: null };
}

// What is read as plain text; no extension at all (a pasted text, a URL's body) is text too.
const TEXT_EXTENSIONS = new Set(["txt", "text"]);

function looksLikeHtml(text: string): boolean {
  return (
    /^\s*(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text) ||
    (text.match(/<\/(?:p|div|span|a)>/gi)?.length ?? 0) > 10
  );
}

async function readDocx(bytes: Uint8Array): Promise<DocumentText> {
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return { text: value, format: "docx", url: null, date: null, title: null };
  } catch (error) {
    throw new CchcError("CORRUPT_FILE", "not a readable .docx", { cause: error });
  }
}

// Block elements end a paragraph; the cleaner and chunker rely on paragraph breaks. Table cells are
// separated (a row stays one line: "SIPAS | 79,3% | 81,7%"), never glued together.
const BLOCK_END =
  /<\/(?:p|div|h[1-6]|li|blockquote|tr|section|article|figcaption|pre|table|ul|ol)>|<br\s*\/?>/gi;
const CELL_END = /<\/t[dh]>/gi;

function readHtml(html: string): DocumentText {
  const { document } = parseHTML(html);
  const url =
    document.querySelector('link[rel="canonical"]')?.getAttribute("href") ??
    document.querySelector('meta[property="og:url"]')?.getAttribute("content") ??
    null;
  // The page's own headline: the site's <title> often puts the portal's name first.
  const headline = headlineOf(document);
  const published =
    parseIsoDate(
      document.querySelector('meta[property="article:published_time"]')?.getAttribute("content"),
    ) ??
    parseIsoDate(document.querySelector('[itemprop="datePublished"]')?.getAttribute("content")) ??
    parseIsoDate(document.querySelector("time[datetime]")?.getAttribute("datetime")) ??
    visibleDateline(document, headline);
  // linkedom's document is DOM-compatible enough for Readability; the types differ only nominally.
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
    charThreshold: 200,
  }).parse();
  if (!article?.content) throw new CchcError("NO_ARTICLE", "Readability found no article in the page");
  const { document: content } = parseHTML(
    `<html><body>${article.content.replace(CELL_END, (tag) => `${tag} | `).replace(BLOCK_END, (tag) => `${tag}\n\n`)}</body></html>`,
  );
  const body = (content.body.textContent ?? "")
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/(?:\s*\|)+\s*(?=\n|$)/g, "")
    .replace(/\n\s*\n\s*/g, "\n\n")
    .replace(/^\s*\|\s*/gm, "")
    .trim();
  // A page of menus and footers leaves a few words; a real article, even a one-sentence notice, has more.
  if (body.split(/\s+/).filter((word: string) => /\p{L}/u.test(word)).length < MIN_PAGE_WORDS)
    throw new CchcError("NO_ARTICLE", `only "${body.slice(0, 80)}" in the page`);
  const title = headline ?? (article.title ?? "").trim();
  // Vietnamese news pages print the lead ("sapo") in its own element above the content, which Readability
  // often leaves out: it is the article's first paragraph, and often holds its main fact.
  const sapo = sapoOf(document);
  const withSapo = sapo && !squashed(body).includes(squashed(sapo)) ? `${sapo}\n\n${body}` : body;
  // Readability takes the byline out of the article ("<p class="author">Minh Thư</p>"); put it back at the
  // end, where the cleaner reads a closing byline as the author.
  const byline = article.byline?.trim() ?? "";
  const signed =
    byline && byline.length <= 60 && !withSapo.includes(byline) ? `${withSapo}\n\n${byline}` : withSapo;
  const text = signed.startsWith(title) ? signed : `${title}\n\n${signed}`;
  return {
    text: title ? text : signed,
    format: "html",
    url: url && /^https?:\/\//i.test(url) ? url : null,
    date: published ?? parseIsoDate(article.publishedTime),
    title: title || null,
  };
}

type Page = ReturnType<typeof parseHTML>["document"];

const squashed = (text: string) => text.replace(/\s+/g, " ").trim();

function sapoOf(document: Page): string | null {
  for (const element of document.querySelectorAll(
    '[class*="sapo"], [class*="lead"], [class*="chapeau"], [class*="summary"], [class*="description"], [id*="sapo"]',
  )) {
    const text = squashed(element.textContent ?? "");
    // A lead is a sentence or two; a menu, a tag list or a whole article is not.
    const words = text.split(" ").length;
    if (words >= 8 && words <= 120 && /[.!?…]["”)]?$/u.test(text)) return text;
  }
  return null;
}

function headlineOf(document: Page): string | null {
  return headlineFromTitle(document) ?? headlineElement(document);
}

/**
 * The site's <title> usually holds the headline with the site's name ("Cổng thông tin điện tử tỉnh X -
 * headline", "headline | Site"): the part that the page repeats as the whole text of an element (an h1, an
 * h2.title, a layout table's cell) is the headline.
 */
function headlineFromTitle(document: Page): string | null {
  const title = squashed(document.querySelector("title")?.textContent ?? "");
  const parts = [title, ...title.split(/\s+[-|–—»:]\s+/u)]
    .map((part) => part.trim())
    .filter((part) => part.split(" ").length >= 3)
    .sort((a, b) => b.length - a.length);
  if (parts.length === 0) return null;
  const texts = new Set<string>();
  for (const element of document.querySelectorAll("h1, h2, h3, td, b, strong, div, span, p, a")) {
    const text = squashed(element.textContent ?? "");
    if (text.length <= 300) texts.add(text);
  }
  const exact = parts.find((part) => texts.has(part));
  return exact ?? fullerHeadline(parts[0] ?? "", texts);
}

/**
 * A <title> shortened by the site ("… tỉnh tiếp nhận …" for the page's "… tỉnh Sơn La tiếp nhận …"): the
 * page's headline is the shortest element text that holds every word of the title, with few words more.
 */
function fullerHeadline(title: string, texts: ReadonlySet<string>): string | null {
  const words = title.toLowerCase().split(" ");
  if (words.length < 5) return null;
  let best: string | null = null;
  for (const text of texts) {
    const own = text.toLowerCase().split(" ");
    if (own.length <= words.length || own.length > words.length * 1.5) continue;
    if (!words.every((word) => own.includes(word))) continue;
    if (!best || text.length < best.length) best = text;
  }
  return best;
}

function headlineElement(document: Page): string | null {
  const inArticle = document.querySelector("article h1");
  const all = document.querySelectorAll("h1");
  // Without a single <h1>, a heading the page marks as its title ("<h2 class="title">" on table portals).
  const marked = document.querySelector(
    'h2[class*="title"], h3[class*="title"], [class*="title"] > h2, [class*="title"] > h3',
  );
  const element = inArticle ?? (all.length === 1 ? all[0] : marked);
  const text = squashed(element?.textContent ?? "");
  if (text.split(" ").length >= 3) return text;
  const og = document.querySelector('meta[property="og:title"]')?.getAttribute("content")?.trim();
  return og && og.split(/\s+/).length >= 3 ? og : null;
}

// A short element whose text is a portal's dateline ("Cập nhật lúc: 08:15 - 20/01/2025"); dates inside
// the article's sentences are events, not the publication date, so long texts are not read. A page also
// prints today's date in its header bar: the article's dateline is the first after its headline (or, with
// none after it, the last before it).
function visibleDateline(document: Page, headline: string | null): ArticleDate | null {
  let headlineSeen = headline === null;
  let before: ArticleDate | null = null;
  for (const element of document.querySelectorAll(
    "h1, h2, h3, b, strong, time, span, div, p, li, small, em, i, td, font",
  )) {
    const text = squashed(element.textContent ?? "");
    if (!headlineSeen && text === headline) headlineSeen = true;
    if (text.length > 80) continue;
    const date = readDateline(text)?.date;
    if (!date) continue;
    if (headlineSeen) return date;
    before = date;
  }
  return before;
}

interface PdfTextItem {
  str: string;
  hasEOL: boolean;
  transform: number[];
}

/**
 * The text layer of a PDF, as paragraphs: visual lines are joined back into paragraphs, and a vertical gap
 * clearly larger than the usual line spacing starts a new one. A scanned PDF (pages without a text layer)
 * and a password-protected one are refused as such.
 */
async function readPdf(bytes: Uint8Array): Promise<DocumentText> {
  // Loaded on demand: pdf.js is large and only PDFs need it.
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  let document: Awaited<ReturnType<typeof getDocument>["promise"]>;
  try {
    document = await getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      verbosity: 0,
    }).promise;
  } catch (error) {
    if (error instanceof Error && error.name === "PasswordException")
      throw new CchcError("ENCRYPTED_FILE", "password-protected PDF", { cause: error });
    throw new CchcError("CORRUPT_FILE", "unreadable PDF", { cause: error });
  }
  try {
    const paragraphs: string[] = [];
    for (let number = 1; number <= Math.min(document.numPages, MAX_PDF_PAGES); number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      paragraphs.push(
        ...pdfParagraphs(content.items.flatMap((item) => ("str" in item ? [item as PdfTextItem] : []))),
      );
    }
    const pages = Math.min(document.numPages, MAX_PDF_PAGES);
    const text = paragraphs.join("\n\n");
    const letters = text.match(/\p{L}/gu)?.length ?? 0;
    if (letters < pages * MIN_PDF_LETTERS_PER_PAGE)
      throw new CchcError("SCANNED_PDF", `${letters} letters on ${pages} page(s)`);
    return { text, format: "pdf", url: null, date: null, title: null };
  } finally {
    await document.destroy();
  }
}

function pdfParagraphs(items: readonly PdfTextItem[]): string[] {
  const lines: { text: string; y: number }[] = [];
  let current = { text: "", y: Number.NaN };
  for (const item of items) {
    const y = item.transform[5] ?? 0;
    if (current.text && Math.abs(y - current.y) > 1) {
      lines.push(current);
      current = { text: "", y };
    }
    if (!current.text) current.y = y;
    current.text += item.str;
    if (item.hasEOL) {
      lines.push(current);
      current = { text: "", y: Number.NaN };
    }
  }
  if (current.text) lines.push(current);
  const gaps = lines
    .slice(1)
    .map((line, i) => Math.abs((lines[i]?.y ?? 0) - line.y))
    .filter((gap) => gap > 0);
  const usual = gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)] ?? 0;
  const paragraphs: string[] = [];
  let paragraph = "";
  lines.forEach((line, i) => {
    const gap = i === 0 ? 0 : Math.abs((lines[i - 1]?.y ?? 0) - line.y);
    if (paragraph && (gap > usual * 1.5 || gap === 0)) {
      paragraphs.push(paragraph);
      paragraph = "";
    }
    paragraph = paragraph ? `${paragraph} ${line.text.trim()}` : line.text.trim();
  });
  if (paragraph) paragraphs.push(paragraph);
  return paragraphs.filter((text) => text.trim().length > 0);
}
