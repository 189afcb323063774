import { join } from "node:path";
import OpenAI from "openai";
import type { Config } from "./config.ts";
import { Library } from "./core/library.ts";
import type { Logger } from "./core/logger.ts";
import type { Embedder } from "./core/search/embedder.ts";
import { createLocalEmbedder } from "./core/search/local-embedder.ts";
import { createOpenAiEmbedder } from "./core/search/openai-embedder.ts";
import { LibraryStore } from "./core/store/library-store.ts";
import { loadLexicon } from "./core/text/lexicon.ts";

/** Opens the store, chooses the embedder and opens the library, as every entry point needs. */
export async function openLibrary(
  config: Readonly<Config>,
  logger: Logger,
): Promise<{ library: Library; close: () => void }> {
  const lexicon = loadLexicon();
  const store = LibraryStore.open(join(config.dataDir, "library.sqlite"));
  try {
    const embedder = await chooseEmbedder(config, lexicon, logger);
    const { library, seeds } = await Library.open({
      store,
      lexicon,
      embedder,
      indexDir: join(config.dataDir, "index"),
      logger,
      seedsDir: config.seedsDir,
      defaults: {
        search: { limit: config.search.topK },
        answer: { minRelevance: config.search.minRelevance },
      },
    });
    if (seeds?.added.length) logger.info({ added: seeds.added }, "seed articles imported");
    return { library, close: () => store.close() };
  } catch (error) {
    store.close();
    throw error;
  }
}

async function chooseEmbedder(
  config: Readonly<Config>,
  lexicon: ReturnType<typeof loadLexicon>,
  logger: Logger,
): Promise<Embedder> {
  if (!config.embeddings) return createLocalEmbedder(lexicon);
  const client = new OpenAI({
    apiKey: config.openai.apiKey ?? "not-needed",
    ...(config.openai.baseUrl ? { baseURL: config.openai.baseUrl } : {}),
    maxRetries: 2,
    timeout: config.embeddings.timeoutMs,
  });
  try {
    return await createOpenAiEmbedder({ client, ...config.embeddings });
  } catch (error) {
    // Better a working bot with local vectors than no bot; the index records the switch and is rebuilt.
    logger.warn(
      { err: error, model: config.embeddings.model },
      "embeddings endpoint unusable; using the local embedder",
    );
    return createLocalEmbedder(lexicon);
  }
}
