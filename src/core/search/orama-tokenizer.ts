import type { Tokenizer } from "@orama/orama";
import type { SearchTerms } from "../text/search-terms.ts";
import { EXACT_MARK } from "../text/search-terms.ts";

// Orama matches every query token as a prefix ("ha" finds "hanh"). Ending every token with a character
// that never occurs in text turns that off: "ha\u0003" is a prefix only of itself.
const TERMINATOR = "\u0003";

/** The Orama term for a folded search term; used to read Orama's document frequencies. */
export function oramaTerm(term: string): string {
  return term + TERMINATOR;
}

/**
 * An Orama tokenizer for Vietnamese: indexes and queries the same analysed terms (folded syllables,
 * two-syllable terms, numbers and codes, abbreviation concepts, and accented syllables marked with ').
 */
export function createOramaTokenizer(
  analyze: (text: string) => SearchTerms,
  /** Applied to the tokens of a query (not of indexed text), e.g. to drop overly common ones. */
  queryFilter: (tokens: string[]) => string[] = (tokens) => tokens,
): Tokenizer {
  // Every passage of an article carries the article's title: remember the last one analysed.
  let lastTitle: { raw: string; tokens: string[] } | null = null;
  return {
    language: "vietnamese",
    normalizationCache: new Map(),
    tokenize(raw: string, _language?: string, prop?: string): string[] {
      if (typeof raw !== "string") return [raw];
      if (prop === "title" && lastTitle?.raw === raw) return [...lastTitle.tokens];
      const { folded, exact } = analyze(raw);
      const tokens = folded.map(oramaTerm);
      for (const term of exact) tokens.push(oramaTerm(EXACT_MARK + term));
      if (prop === "title") lastTitle = { raw, tokens: [...tokens] };
      // Orama passes the property name while indexing and none for the query.
      return prop === undefined ? queryFilter(tokens) : tokens;
    },
  };
}
