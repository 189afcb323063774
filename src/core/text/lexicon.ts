import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Glossary } from "./english-query.ts";
import { loadGlossary } from "./english-query.ts";
import { foldKey, toNfc } from "./normalize.ts";
import type { Shorthand } from "./question-forms.ts";
import { loadShorthand } from "./question-forms.ts";
import type { Word } from "./words.ts";
import { splitWords } from "./words.ts";

/** A phrase as folded syllables: "Ban Chỉ đạo" → ["ban", "chi", "dao"]. */
export type SyllableSequence = readonly string[];

export interface Abbreviation {
  /** Canonical id, the folded short form ("cchc", "par index"). */
  id: string;
  short: string;
  long: readonly string[];
  /** Every form (short and long) as folded syllables. */
  forms: readonly SyllableSequence[];
  /** Names an organisation ("BYT", Bộ Y tế): searched by its full name too when typed short. */
  body: boolean;
}

export interface Place {
  name: string;
  forms: readonly string[];
}

/** The language data the search layer depends on; loaded once from `lexicon/` and passed in. */
export interface Lexicon {
  /** Stop words as written (lower-case, NFC): "đã", "năm". */
  stopWords: ReadonlySet<string>;
  /** The same, accent-folded ("da", "nam"): ambiguous, so only used to discount words typed without accents. */
  foldedStopWords: ReadonlySet<string>;
  /** Multi-syllable question phrases ("bao nhiêu", "thế nào"), folded; dropped however they are typed. */
  stopPhrases: readonly SyllableSequence[];
  abbreviations: readonly Abbreviation[];
  /** Each group: phrases that mean roughly the same, as folded syllables. */
  synonymGroups: readonly (readonly SyllableSequence[])[];
  /** English → Vietnamese domain terms, for English questions. */
  glossary: Glossary;
  /** Phone shorthand written out in questions before they are searched (query side only). */
  shorthand: Shorthand;
  /** Provinces and cities, each with its spellings as folded words ("ba ria vung tau"). */
  places: readonly Place[];
  /** A short fingerprint of the data, recorded in the index so that an edited lexicon triggers a rebuild. */
  version: string;
}

export const DEFAULT_LEXICON_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../lexicon");

/**
 * Whether a single word is a stop word. Only words with accents can be judged: "đã" is one, "Đà" (in
 * Đà Nẵng) is not; "da" typed without accents could be either, and "cai" could be "cái" or "cải", so
 * words without accents are kept (relevance scoring discounts them instead).
 */
export function isStopWord(lexicon: Lexicon, lower: string, folded: string): boolean {
  return lower !== folded && lexicon.stopWords.has(lower);
}

/** Builds a function that marks which words of a text are stop words or part of a question phrase. */
export function createStopMask(lexicon: Lexicon): (words: readonly Word[]) => boolean[] {
  const questionPhrases = new PhraseMatcher(
    lexicon.stopPhrases.map((syllables, key) => ({ key, syllables })),
  );
  return (words) => {
    const lowered = words.map((word) => toNfc(word.text.toLowerCase()));
    const folded = lowered.map(foldKey);
    const mask = lowered.map((lower, i) => isStopWord(lexicon, lower, folded[i] ?? lower));
    for (const { start, length } of questionPhrases.occurrences(folded))
      mask.fill(true, start, start + length);
    return mask;
  };
}

/** Folded syllables of a phrase, in order. */
export function toSyllables(phrase: string): string[] {
  return splitWords(phrase).map((word) => foldKey(word.text));
}

/** Reads stop words, abbreviations and synonyms from a lexicon directory. */
export function loadLexicon(dir: string = DEFAULT_LEXICON_DIR): Lexicon {
  const stopText = readFileSync(join(dir, "stopwords.txt"), "utf8");
  const abbreviationText = readFileSync(join(dir, "abbreviations.json"), "utf8");
  const synonymText = readFileSync(join(dir, "synonyms.json"), "utf8");
  const abbreviationData = JSON.parse(abbreviationText) as {
    entries: { short: string; long: string[]; body?: boolean }[];
  };
  const synonymData = JSON.parse(synonymText) as { groups: string[][] };
  const stopLines = stopText
    .split("\n")
    .map((line) => toNfc(line.trim().toLowerCase()))
    .filter((line) => line && !line.startsWith("#"));
  const stopWords = new Set(stopLines.filter((line) => !line.includes(" ")));
  const foldedStopWords = new Set([...stopWords].map(foldKey));
  const stopPhrases = stopLines.filter((line) => line.includes(" ")).map(toSyllables);
  const abbreviations = abbreviationData.entries.map((entry) => ({
    id: toSyllables(entry.short).join(" "),
    short: entry.short,
    long: entry.long,
    forms: [toSyllables(entry.short), ...entry.long.map(toSyllables)],
    body: entry.body === true,
  }));
  const synonymGroups = synonymData.groups.map((group) => group.map(toSyllables));
  return {
    // Not part of `version`: the index does not depend on the places, only answers do.
    places: loadPlaces(join(dir, "places.txt")),
    glossary: loadGlossary(join(dir, "glossary-en.json")),
    shorthand: loadShorthand(join(dir, "shorthand.json")),
    stopWords,
    foldedStopWords,
    stopPhrases,
    abbreviations,
    synonymGroups,
    version: shortHash(stopText + abbreviationText + synonymText),
  };
}

function loadPlaces(path: string): Place[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const spellings = line.split("|").map((spelling) => toNfc(spelling.trim()));
      return {
        name: spellings[0] ?? line,
        forms: spellings.map((spelling) => toSyllables(spelling).join(" ")),
      };
    });
}

/** FNV-1a, 32 bits, as an unsigned number (over UTF-16 code units): stable, not a security hash. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** FNV-1a as 8 hex digits: a short fingerprint. */
export function shortHash(text: string): string {
  return fnv1a(text).toString(16).padStart(8, "0");
}

/**
 * Finds where phrases occur in a syllable sequence. Returns, for each phrase index, how often it occurs.
 * Phrases are matched whole-syllable, so "ban" never matches inside "ban chi dao" unless listed.
 */
export class PhraseMatcher {
  private readonly byFirst = new Map<string, { key: number; syllables: SyllableSequence }[]>();

  constructor(phrases: readonly { key: number; syllables: SyllableSequence }[]) {
    for (const phrase of phrases) {
      const first = phrase.syllables[0];
      if (first === undefined) continue;
      const list = this.byFirst.get(first) ?? [];
      list.push(phrase);
      this.byFirst.set(first, list);
    }
  }

  /** Keys of the phrases that occur in `syllables`, once per occurrence. */
  *matches(syllables: readonly string[]): Generator<number> {
    for (const match of this.occurrences(syllables)) yield match.key;
  }

  /** Each occurrence with where it starts and how many syllables it spans. */
  *occurrences(syllables: readonly string[]): Generator<{ key: number; start: number; length: number }> {
    for (let i = 0; i < syllables.length; i++) {
      const candidates = this.byFirst.get(syllables[i] ?? "");
      if (!candidates) continue;
      for (const { key, syllables: phrase } of candidates) {
        if (phrase.every((syllable, j) => syllables[i + j] === syllable))
          yield { key, start: i, length: phrase.length };
      }
    }
  }
}
