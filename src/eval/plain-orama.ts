import { create, insertMultiple, search } from "@orama/orama";
import { chunkArticle } from "../core/ingest/chunk-article.ts";
import type { Article } from "../core/store/library-store.ts";

/**
 * The baseline the evaluation compares against: Orama with its defaults (English tokenizer, BM25, no
 * vectors) over the same chunks. Its "answer" is the best passage, as a naive bot would show.
 */
export async function createPlainOrama(articles: readonly Article[]) {
  const db = create({ schema: { text: "string", title: "string" } as const });
  const chunks = articles.flatMap((article) => chunkArticle(article));
  await insertMultiple(
    db,
    chunks.map((chunk) => ({
      id: chunk.id,
      text: chunk.text,
      title: chunk.title,
      articleId: chunk.articleId,
    })),
  );
  return {
    async search(question: string, limit: number) {
      const result = await search(db, { term: question, limit });
      return result.hits.map((hit) => {
        const document = hit.document as unknown as { articleId: string; text: string };
        return { chunkId: hit.id, articleId: document.articleId, text: document.text, score: hit.score };
      });
    },
  };
}
