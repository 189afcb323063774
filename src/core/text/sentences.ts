// Words after which a full stop does not end a sentence: Vietnamese titles and degrees, "TP." for
// thành phố, "v.v.", single initials ("Nguyễn V. An").
const NON_TERMINAL = new Set([
  "tp",
  "tx",
  "tt",
  "ts",
  "ths",
  "pgs",
  "gs",
  "bs",
  "ks",
  "ls",
  "th.s",
  "v.v",
  "st",
  "mr",
  "ms",
  "dr",
  "no",
  "q",
  "p",
  "kt",
  "tl",
  "tm",
]);

// A sentence ends at . ! ? … (plus closing quotes/brackets) followed by space and a capital letter,
// digit or opening quote. Numbers like "86,06" or "2.500" never match because no space follows the dot.
const BOUNDARY = /([.!?…]+["”’)\]]*)\s+(?=["“‘([]?[\p{Lu}\p{N}])/gu;

/** Splits a paragraph into sentences without cutting numbers, codes or abbreviations like "TP.". */
export function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of paragraph.matchAll(BOUNDARY)) {
    const end = (match.index ?? 0) + (match[1]?.length ?? 0);
    const before = paragraph.slice(start, match.index ?? 0);
    const lastWord = before.split(/\s+/).pop() ?? "";
    if (match[1] === "." && isNonTerminal(lastWord)) continue;
    const sentence = paragraph.slice(start, end).trim();
    if (sentence) sentences.push(sentence);
    start = end;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

function isNonTerminal(word: string): boolean {
  const bare = word.replace(/^["“‘([]+/u, "").toLowerCase();
  return NON_TERMINAL.has(bare) || /^\p{Lu}$/u.test(word);
}

/** Number of whitespace-separated words. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/).length : 0;
}
