import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AnswerService } from "../core/answer-service.ts";
import { Library } from "../core/library.ts";
import type { Logger } from "../core/logger.ts";
import { createLocalEmbedder } from "../core/search/local-embedder.ts";
import { LibraryStore } from "../core/store/library-store.ts";
import { loadLexicon } from "../core/text/lexicon.ts";
import type { Conversation, OutsideQuestion } from "./outside-eval.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * An outside set may name documents to add to the seeds (`library.json`: {"documents": "<folder>"}), so
 * that it can ask about articles of other portals. They go through the same path as an admin's upload,
 * into a temporary library with the local embedder; questions name them by file name without extension,
 * which is translated here to the article id the library gave them.
 */
export interface OutsideLibrary {
  service: AnswerService;
  questions: OutsideQuestion[];
  conversations: Conversation[];
  close: () => Promise<void>;
}

export async function openOutsideLibrary(
  setDir: string,
  sets: { questions: OutsideQuestion[]; conversations: Conversation[] },
  logger: Logger,
): Promise<OutsideLibrary | null> {
  const manifestPath = join(setDir, "library.json");
  if (!existsSync(manifestPath)) return null;
  const { documents } = JSON.parse(readFileSync(manifestPath, "utf8")) as { documents: string };
  const dir = mkdtempSync(join(tmpdir(), "cchc-outside-"));
  const store = LibraryStore.open(join(dir, "library.sqlite"));
  const lexicon = loadLexicon();
  const { library } = await Library.open({
    store,
    lexicon,
    embedder: createLocalEmbedder(lexicon),
    indexDir: join(dir, "index"),
    logger,
    seedsDir: join(ROOT, "seeds"),
  });
  // Seeds keep their file names as ids; added documents get ids of their own.
  const idOf = new Map<string, string>();
  const folder = resolve(ROOT, documents);
  for (const name of readdirSync(folder).sort()) {
    const extension = extname(name);
    if (![".html", ".htm", ".txt", ".md"].includes(extension) || name.includes(".truth.")) continue;
    const outcome = await library.addDocument({
      bytes: readFileSync(join(folder, name)),
      origin: "cli",
      originalName: name,
    });
    idOf.set(basename(name, extension), outcome.article.id);
  }
  const translate = (ids: string[]) => ids.map((id) => idOf.get(id) ?? id);
  return {
    service: new AnswerService({ library, llm: null, logger }),
    questions: sets.questions.map((q) => ({ ...q, articles: translate(q.articles) })),
    conversations: sets.conversations.map((c) => ({
      ...c,
      turns: c.turns.map((turn) => ({ ...turn, articles: translate(turn.articles) })),
    })),
    close: async () => {
      await library.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
