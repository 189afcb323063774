import { readFileSync } from "node:fs";

/** English → Vietnamese domain terms (lexicon/glossary-en.json), for searching with an English question. */
export interface Glossary {
  /** Each English phrase as lower-case words, with its Vietnamese rendering; longest phrases first. */
  terms: readonly { words: readonly string[]; vietnamese: string }[];
  /** English function words that carry nothing to search for. */
  drop: ReadonlySet<string>;
}

export function loadGlossary(path: string): Glossary {
  const data = JSON.parse(readFileSync(path, "utf8")) as { terms: Record<string, string>; drop: string };
  const terms = Object.entries(data.terms)
    .map(([english, vietnamese]) => ({ words: english.toLowerCase().split(/\s+/), vietnamese }))
    .sort((a, b) => b.words.length - a.words.length);
  return { terms, drop: new Set(data.drop.toLowerCase().split(/\s+/)) };
}

/**
 * The search query for an English question: known domain phrases in Vietnamese; of the other words only
 * names, numbers, codes and abbreviations (PAR INDEX) are kept, as typed. "What was Quang Binh's PAR INDEX score
 * in 2023?" → "Quang Binh PAR INDEX điểm 2023".
 */
const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const MONTH = MONTHS.join("|");

/** "March 18", "18 March", "March 18th, 2023" → "18/3" (and "/2023"), as Vietnamese articles write dates. */
function vietnameseDates(text: string): string {
  const month = (name: string) => MONTHS.indexOf(name.toLowerCase()) + 1;
  const year = (y: string | undefined) => (y ? `/${y}` : "");
  return (
    text
      .replace(
        new RegExp(String.raw`\b(${MONTH})\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+((?:19|20)\d{2}))?\b`, "giu"),
        (_, name: string, day: string, y?: string) => `${day}/${month(name)}${year(y)}`,
      )
      .replace(
        new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(${MONTH})(?:,?\s+((?:19|20)\d{2}))?\b`, "giu"),
        (_, day: string, name: string, y?: string) => `${day}/${month(name)}${year(y)}`,
      )
      // A month without a day: "April 2023" → "tháng 4/2023".
      .replace(
        new RegExp(String.raw`\b(${MONTH})(?:,?\s+((?:19|20)\d{2}))?\b`, "giu"),
        (_, name: string, y?: string) => `tháng ${month(name)}${year(y)}`,
      )
  );
}

export function translateQuery(question: string, glossary: Glossary): string {
  const words = vietnameseDates(question.normalize("NFC"))
    .replace(/['’]s\b/gu, "")
    .split(/[\s?!,;:()"“”]+|\.(?=\s|$)/u)
    .filter(Boolean);
  const lower = words.map((word) => word.toLowerCase());
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const term = glossary.terms.find((candidate) =>
      candidate.words.every((word, j) => lower[i + j] === word),
    );
    if (term) {
      out.push(term.vietnamese);
      i += term.words.length;
      continue;
    }
    // Vietnamese articles cannot match an English word: only what is the same in both languages stays —
    // names (capitalised), numbers and codes, abbreviations (SIPAS).
    const word = words[i] ?? "";
    if (!glossary.drop.has(lower[i] ?? "") && /\p{Lu}|\d/u.test(word)) out.push(word);
    i++;
  }
  return out.join(" ").trim() || question;
}
