import type { ArticleDate } from "../ingest/article-date.ts";
import { formatArticleDate } from "../ingest/article-date.ts";
import type { Citation } from "./answer.ts";

/** What a citation shows of an article. */
export interface ArticleInfo {
  id: string;
  title: string;
  date: ArticleDate | null;
  url: string | null;
  site: string | null;
  /** The cleaned article text, when the caller has it (used as context when choosing sentences). */
  body?: string;
}

/**
 * Numbers sources in order of first use: the first article cited is [1]. Several passages of one article
 * share its number, so the source list never shows the same article twice.
 */
export class CitationNumbering {
  private readonly byArticle = new Map<string, Citation>();
  private readonly lookup: (articleId: string) => ArticleInfo | null;

  constructor(lookup: (articleId: string) => ArticleInfo | null) {
    this.lookup = lookup;
  }

  /** The number of the passage's article, assigning the next one on first use. */
  cite(passage: { articleId: string; chunkId: string; title: string }): number {
    const existing = this.byArticle.get(passage.articleId);
    if (existing) {
      if (!existing.chunkIds.includes(passage.chunkId)) existing.chunkIds.push(passage.chunkId);
      return existing.n;
    }
    const article = this.lookup(passage.articleId);
    const citation: Citation = {
      n: this.byArticle.size + 1,
      articleId: passage.articleId,
      title: article?.title ?? passage.title,
      date: formatArticleDate(article?.date ?? null),
      url: article?.url ?? null,
      site: article?.site ?? null,
      chunkId: passage.chunkId,
      chunkIds: [passage.chunkId],
    };
    this.byArticle.set(passage.articleId, citation);
    return citation.n;
  }

  list(): Citation[] {
    return [...this.byArticle.values()];
  }
}
