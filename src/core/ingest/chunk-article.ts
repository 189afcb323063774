import { countWords, splitSentences } from "../text/sentences.ts";

/** A searchable passage of an article. */
export interface Chunk {
  /** `${articleId}#${position}`: stable as long as the article text and CHUNKER_VERSION are unchanged. */
  id: string;
  articleId: string;
  position: number;
  title: string;
  text: string;
}

export const CHUNKER_VERSION = "sentences-v2";

export interface ChunkOptions {
  minWords: number;
  targetWords: number;
  maxWords: number;
  /** The last sentence of a chunk is repeated at the start of the next when it is at most this long. */
  overlapWords: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = {
  minWords: 60,
  targetWords: 100,
  maxWords: 180,
  overlapWords: 40,
};

interface Unit {
  text: string;
  words: number;
  startsParagraph: boolean;
  /** For a table row, the table's header row (its first row), which says what each cell is. */
  tableHeader: Unit | null;
}

/** A table row as the readers write it: cells separated by " | " ("1 | Sở Tư pháp | 91,36"). */
export const isTableRow = (text: string) => / \| /u.test(text);

/**
 * Cuts an article into passages of whole sentences (about 60–200 words) with a one-sentence overlap.
 * Sentences never break inside a number, a code or an abbreviation (see splitSentences); a sentence longer
 * than a chunk is cut at semicolons, then commas.
 */
export function chunkArticle(
  article: { id: string; title: string; body: string },
  options: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
): Chunk[] {
  const units = toUnits(article.body, options);
  const groups: Unit[][] = [];
  let current: Unit[] = [];
  let words = 0;

  for (const unit of units) {
    const full = words + unit.words > options.maxWords && words >= options.minWords;
    const niceBreak = unit.startsParagraph && words >= options.targetWords;
    if (current.length > 0 && (full || niceBreak)) {
      groups.push(current);
      const last = current.at(-1);
      current = last && last.words <= options.overlapWords && !unit.startsParagraph ? [last] : [];
      // A passage that starts inside a table repeats its header row: "2 | 5,43 | 5,20" alone says
      // neither what was measured nor in which year.
      if (unit.tableHeader && unit.tableHeader !== unit && !current.includes(unit.tableHeader))
        current.unshift(unit.tableHeader);
      words = current.reduce((sum, u) => sum + u.words, 0);
    }
    current.push(unit);
    words += unit.words;
  }
  if (current.length > 0) {
    const previous = groups.at(-1);
    const tailWords = current.reduce((sum, u) => sum + u.words, 0);
    const previousWords = previous?.reduce((sum, u) => sum + u.words, 0) ?? 0;
    // A short tail reads better as part of the previous passage than alone.
    if (
      previous &&
      tailWords < options.minWords &&
      previousWords + tailWords <= options.maxWords + options.overlapWords
    ) {
      for (const unit of current) if (!previous.includes(unit)) previous.push(unit);
    } else {
      groups.push(current);
    }
  }
  return groups.map((group, position) => ({
    id: `${article.id}#${position}`,
    articleId: article.id,
    position,
    title: article.title,
    text: joinUnits(group),
  }));
}

function toUnits(body: string, options: ChunkOptions): Unit[] {
  const units: Unit[] = [];
  let header: Unit | null = null;
  for (const paragraph of body.split(/\n{2,}/)) {
    const text = paragraph.replace(/\s*\n\s*/g, " ");
    if (isTableRow(text)) {
      // A row is one unit, never split into sentences at the decimal commas and dots of its cells.
      const unit: Unit = { text, words: countWords(text), startsParagraph: true, tableHeader: header };
      unit.tableHeader = header ?? unit;
      header = unit.tableHeader;
      units.push(unit);
      continue;
    }
    header = null;
    let startsParagraph = true;
    for (const sentence of splitSentences(text)) {
      for (const piece of splitLongSentence(sentence, options.maxWords * 0.6)) {
        units.push({ text: piece, words: countWords(piece), startsParagraph, tableHeader: null });
        startsParagraph = false;
      }
    }
  }
  return units;
}

/** Splits an over-long sentence at "; " and then ", " so each piece has at most `maxWords` words. */
export function splitLongSentence(sentence: string, maxWords: number): string[] {
  if (countWords(sentence) <= maxWords) return [sentence];
  for (const separator of [/(?<=;)\s+/u, /(?<=,)\s+/u]) {
    const parts = sentence.split(separator);
    if (parts.length < 2) continue;
    const pieces: string[] = [];
    let current = "";
    for (const part of parts) {
      const candidate = current ? `${current} ${part}` : part;
      if (current && countWords(candidate) > maxWords) {
        pieces.push(current);
        current = part;
      } else {
        current = candidate;
      }
    }
    if (current) pieces.push(current);
    return pieces.flatMap((piece) =>
      countWords(piece) > maxWords && piece !== sentence ? splitLongSentence(piece, maxWords) : [piece],
    );
  }
  // No punctuation at all: cut by word count as a last resort.
  const words = sentence.split(/\s+/);
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += maxWords) pieces.push(words.slice(i, i + maxWords).join(" "));
  return pieces;
}

function joinUnits(units: Unit[]): string {
  let text = "";
  for (const [i, unit] of units.entries()) {
    if (i === 0) text = unit.text;
    else text += (unit.startsParagraph ? "\n" : " ") + unit.text;
  }
  return text;
}
