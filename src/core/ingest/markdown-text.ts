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
    if (TABLE_SEPARATOR.test(line)) continue;
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
