import MiniSearch from "minisearch";
import { chunkArticle } from "../core/ingest/chunk-article.ts";
import type { Article } from "../core/store/library-store.ts";
import { foldKey } from "../core/text/normalize.ts";

/**
 * The speed baseline the scale issue names: MiniSearch (BM25) over the same passages, accent-folded so
 * that unaccented questions match — a competent full-text-only bot, without vectors or answer checks.
 */
export function createMiniSearchBaseline(articles: readonly Article[]) {
  const index = new MiniSearch<{ id: string; title: string; text: string }>({
    fields: ["title", "text"],
    storeFields: [],
    processTerm: (term) => foldKey(term),
    searchOptions: { boost: { title: 0.5 } },
  });
  index.addAll(
    articles.flatMap((article) =>
      chunkArticle(article).map((chunk) => ({ id: chunk.id, title: chunk.title, text: chunk.text })),
    ),
  );
  return { search: (question: string, limit: number) => index.search(question).slice(0, limit) };
}
