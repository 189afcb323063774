/** Unicode NFC; scraped Vietnamese arrives both precomposed and decomposed, and they must compare equal. */
export function toNfc(text: string): string {
  return text.normalize("NFC");
}

/**
 * Removes Vietnamese tone and vowel marks: "Đổi mới" → "Doi moi". Members type on phones without
 * diacritics, so every comparison that must tolerate that goes through this function.
 */
export function foldDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFC");
}

/** Lower-cased, NFC, accents folded: the key under which two spellings of a syllable meet. */
export function foldKey(text: string): string {
  // Indexing folds every word of every passage; words repeat (Vietnamese has ~7k syllables), and the
  // two Unicode normalisations dominated index building, so short inputs are remembered.
  if (text.length > SHORT_KEY) return foldDiacritics(text.toLowerCase());
  let key = foldedWords.get(text);
  if (key === undefined) {
    if (foldedWords.size >= FOLD_CACHE_LIMIT) foldedWords.clear();
    key = foldDiacritics(text.toLowerCase());
    foldedWords.set(text, key);
  }
  return key;
}

const SHORT_KEY = 24;
const FOLD_CACHE_LIMIT = 100_000;
const foldedWords = new Map<string, string>();

/** Collapses runs of spaces and tabs (not newlines) and trims each line. */
export function tidyWhitespace(text: string): string {
  return text
    .replace(/[\t\u00a0\u2000-\u200b\u202f\u3000 ]+/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .join("\n");
}
