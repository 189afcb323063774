import { isTableRow } from "../ingest/chunk-article.ts";
import { countWords, splitSentences } from "../text/sentences.ts";

/** A list introduced by a sentence brings at most this many items along with it. */
const MAX_LIST_ITEMS = 5;
/** A line this short (or a marked item, or a table row) can be an item of an introduced list. */
const MAX_ITEM_WORDS = 25;

/**
 * The units an answer quotes from a passage, each readable on its own:
 * - a sentence;
 * - a sentence that introduces a list ("Ba đơn vị dẫn đầu gồm:") with the items that follow it, because
 *   the introduction alone answers nothing and an item alone does not say what it is a list of;
 * - a table row with its header, cell by cell ("Đơn vị: Sở Tư pháp · Điểm: 91,36"), because "1 | Sở Tư
 *   pháp | 91,36" does not say what its numbers are. The header row itself is not a unit.
 */
export function passageUnits(text: string): string[] {
  const lines = text.split("\n").filter((line) => line.trim().length > 0);
  const units: string[] = [];
  let header: string[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (isTableRow(line)) {
      const cells = cellsOf(line);
      // The first row of a run is its header when no cell is a bare figure.
      if (!isTableRow(lines[i - 1] ?? "")) header = cells.some(isFigure) ? null : cells;
      if (header && cells !== header) units.push(readRow(header, cells));
      else if (!header) units.push(line);
      continue;
    }
    header = null;
    const sentences = splitSentences(line);
    const last = sentences.at(-1);
    if (last?.trimEnd().endsWith(":")) {
      const items = itemsAfter(lines, i + 1);
      if (items.units.length > 0) {
        units.push(...sentences.slice(0, -1), `${last.trimEnd()} ${items.units.join("; ")}.`);
        i = items.end - 1;
        header = items.header;
        continue;
      }
    }
    units.push(...sentences);
  }
  return units;
}

/** The items of a list (or the rows of a table) that starts at `start`: at most MAX_LIST_ITEMS. */
function itemsAfter(
  lines: readonly string[],
  start: number,
): { units: string[]; end: number; header: string[] | null } {
  const units: string[] = [];
  let header: string[] | null = null;
  let end = start;
  for (; end < lines.length && units.length < MAX_LIST_ITEMS; end++) {
    const line = lines[end] ?? "";
    if (isTableRow(line)) {
      const cells = cellsOf(line);
      // A table's first row is its header when no cell is a bare figure (a caption may stand before it).
      if (!isTableRow(lines[end - 1] ?? "") && !cells.some(isFigure)) header = cells;
      else units.push(header ? readRow(header, cells) : line);
      continue;
    }
    if (header || !isItem(line)) break;
    units.push(line.replace(/[;.]\s*$/u, ""));
    // Items end with ";" and the last one with ".": what follows is the article again.
    if (/\.\s*$/u.test(line) && !/^\d+\.$/u.test(line.trim())) {
      end++;
      break;
    }
  }
  // The rest of a longer list or table is read as units of its own (a table's rows with its header).
  return { units, end, header };
}

const LIST_MARK = /^(?:[-–•+*]\s|\d{1,2}[.)]\s|[a-zđ][.)]\s)/iu;
const isItem = (line: string) =>
  (LIST_MARK.test(line) || countWords(line) <= MAX_ITEM_WORDS) && !line.trimEnd().endsWith(":");

const cellsOf = (row: string) => row.split(" | ").map((cell) => cell.trim());
// "6,85", "+0,27", "12/63", "98%": a value, not a column's name.
const isFigure = (cell: string) => /^[+-]?\d[\d.,/%]*$/u.test(cell);

function readRow(header: readonly string[], cells: readonly string[]): string {
  if (header.length !== cells.length) return `${header.join(" | ")}: ${cells.join(" | ")}`;
  return cells.map((cell, i) => (header[i] ? `${header[i]}: ${cell}` : cell)).join(" · ");
}
