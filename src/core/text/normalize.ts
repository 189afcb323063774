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
  return foldDiacritics(text.toLowerCase());
}

/** Collapses runs of spaces and tabs (not newlines) and trims each line. */
export function tidyWhitespace(text: string): string {
  return text
    .replace(/[\t\u00a0\u2000-\u200b\u202f\u3000 ]+/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .join("\n");
}
