import type { ArticleDate } from "./article-date.ts";
import { parseFullDate, parseIsoDate } from "./article-date.ts";

/**
 * A Markdown article: its text as a reader sees it (see markdownToText), and the title and date its
 * structure states: front matter ("title:", "date:") first, else the one first-level heading.
 */
export function readMarkdown(markdown: string): {
  text: string;
  title: string | null;
  date: ArticleDate | null;
} {
  const { front, rest } = splitFrontMatter(markdown);
  const frontTitle = front.get("title") ?? null;
  const frontDate = front.get("date") ?? null;
  const text = markdownToText(rest);
  return {
    text: frontTitle && !text.startsWith(frontTitle) ? `${frontTitle}\n\n${text}` : text,
    title: frontTitle || firstLevelHeading(rest),
    date: frontDate ? (parseIsoDate(frontDate) ?? parseFullDate(frontDate)) : null,
  };
}

// "---\ntitle: …\ndate: …\n---" at the very top; values may be quoted. Only flat "key: value" lines are read.
function splitFrontMatter(markdown: string): { front: Map<string, string>; rest: string } {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/.exec(markdown);
  const front = new Map<string, string>();
  if (!match) return { front, rest: markdown };
  for (const line of (match[1] ?? "").split(/\r?\n/)) {
    const pair = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!pair) continue;
    const value = (pair[2] ?? "")
      .trim()
      .replace(/^(["'])(.*)\1$/, "$2")
      .trim();
    if (value) front.set((pair[1] ?? "").toLowerCase(), value);
  }
  return { front, rest: markdown.slice(match[0].length) };
}

// The headline is the document's only first-level heading ("# …" or a line underlined with "==="); with
// several, none of them is the article's title.
function firstLevelHeading(markdown: string): string | null {
  const lines = markdown.split(/\r?\n/);
  const headings: string[] = [];
  lines.forEach((line, i) => {
    const atx = /^\s{0,3}#\s+(.+?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (atx) headings.push(atx);
    else if (/^\s{0,3}=+\s*$/.test(lines[i + 1] ?? "") && line.trim()) headings.push(line.trim());
  });
  return headings.length === 1 ? inline(headings[0] ?? "").trim() : null;
}

/**
 * The text of a Markdown article, as a reader sees it: heading marks, emphasis, quote marks, rules,
 * link targets and table separators removed; table rows kept as one line of cells ("SIPAS | 79,3%"),
 * like an HTML table's. Markdown has no article boundary of its own, so the result goes through the
 * same cleaner as any text.
 */
export function markdownToText(markdown: string): string {
  const lines: string[] = [];
  for (const raw of markdown.replace(/<!--[\s\S]*?-->/g, "").split(/\r?\n/)) {
    let line = raw.replace(/^\s{0,3}>\s?/, "");
    if (/^\s*(?:```|~~~)/.test(line)) continue;
    if (/^\s*(?:[-*_]\s*){3,}$/.test(line)) {
      lines.push("");
      continue;
    }
    if (TABLE_SEPARATOR.test(line) || SETEXT_UNDERLINE.test(line)) continue;
    const cells = /^\s*\|(.*)\|\s*$/.exec(line)?.[1];
    if (cells !== undefined)
      line = cells
        .split("|")
        .map((cell) => cell.trim())
        .join(" | ");
    line = line.replace(/^\s{0,3}#{1,6}\s+/, "").replace(/\s+#+\s*$/, "");
    lines.push(inline(line));
  }
  return lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const SETEXT_UNDERLINE = /^\s{0,3}=+\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/;

// Emphasis and links inside a line; list markers stay ("- item" is how lists read in text too).
function inline(line: string): string {
  return line
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/`([^`]+)`/g, "$1")
    .replace(/\*\*(.+?)\*\*/g, "$1")
    .replace(/__(.+?)__/g, "$1")
    .replace(/(?<![\p{L}\p{N}*])\*(?!\s)([^*\n]+?)\*(?![\p{L}\p{N}*])/gu, "$1")
    .replace(/(?<![\p{L}\p{N}_])_(?!\s)([^_\n]+?)_(?![\p{L}\p{N}_])/gu, "$1")
    .replace(/(\S) {2,}/g, "$1 ");
}
