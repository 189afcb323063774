import { join } from "node:path";
import OpenAI from "openai";
import type { Config } from "./config.ts";
import { AnswerService } from "./core/answer-service.ts";
import { importSeeds } from "./core/ingest/ingest-article.ts";
import { Library } from "./core/library.ts";
import { createOpenAiChatModel } from "./core/llm/chat-model.ts";
import { loadPrompts } from "./core/llm/prompts.ts";
import type { Logger } from "./core/logger.ts";
import type { Embedder } from "./core/search/embedder.ts";
import { readSavedManifest } from "./core/search/index-files.ts";
import { createLocalEmbedder } from "./core/search/local-embedder.ts";
import { createOpenAiEmbedder } from "./core/search/openai-embedder.ts";
import { createThreadedEmbedder, type ThreadedEmbedder } from "./core/search/threaded-embedder.ts";
import { LibraryStore } from "./core/store/library-store.ts";
import { checkStoreIntegrity } from "./core/store/store-integrity.ts";
import { UsageLog } from "./core/store/usage-log.ts";
import type { Lexicon } from "./core/text/lexicon.ts";
import { loadLexicon } from "./core/text/lexicon.ts";

export interface App {
  library: Library;
  answers: AnswerService;
  /** One line for banners and logs: which answer mode and which embedder. */
  modeDescription: string;
  /** Saves what is pending and closes the store. */
  close: () => Promise<void>;
}

export interface AppOptions {
  /** Never write the saved index (`ask`, listings). */
  readOnly?: boolean;
}

/** Opens the store, chooses the embedder and LLM, and opens the library, as every entry point needs. */
export async function openApp(
  config: Readonly<Config>,
  logger: Logger,
  options: AppOptions = {},
): Promise<App> {
  const lexicon = loadLexicon();
  const prompts = loadPrompts();
  const store = LibraryStore.open(storePath(config));
  let embedder: Embedder | null = null;
  try {
    const client = config.openai.apiKey || config.openai.baseUrl ? createClient(config) : null;
    embedder = await chooseEmbedder(config, client, lexicon, logger);
    const { library, seeds } = await Library.open({
      store,
      lexicon,
      embedder,
      indexDir: join(config.dataDir, "index"),
      logger,
      seedsDir: config.seedsDir,
      ...(options.readOnly ? { readOnly: true } : {}),
      defaults: {
        search: { limit: config.search.topK },
        answer: { minRelevance: config.search.minRelevance },
      },
    });
    if (seeds?.added.length) logger.info({ added: seeds.added }, "seed articles imported");
    const llm =
      client && config.llm
        ? { ...config.llm, model: createOpenAiChatModel(client, config.llm.model), prompts }
        : null;
    const answers = new AnswerService({ library, llm, logger, usage: new UsageLog(store.database) });
    const modeDescription = llm
      ? `LLM (${config.llm?.model}) với trích dẫn được kiểm tra; dự phòng bằng tìm kiếm`
      : "chỉ tìm kiếm (search-only: trả lời bằng các câu trích từ bài viết, không dùng LLM)";
    logger.info(
      { mode: answers.mode, llmModel: config.llm?.model ?? null, embedder: embedder.id },
      "answer mode",
    );
    const close = async () => {
      try {
        await library.close();
      } finally {
        store.close();
        await closeEmbedder(embedder);
      }
    };
    return { library, answers, modeDescription, close };
  } catch (error) {
    store.close();
    await closeEmbedder(embedder);
    throw error;
  }
}

const closeEmbedder = async (embedder: Embedder | null) => {
  if (embedder && "close" in embedder) await (embedder as ThreadedEmbedder).close();
};

/** Where the store lives: DATA_DIR/library.sqlite. */
export function storePath(config: Readonly<Config>): string {
  return join(config.dataDir, "library.sqlite");
}

/**
 * Opens only the store (listings and `--show` need no index), with the same integrity check and seed
 * import as a full start.
 */
export async function openStoreOnly(config: Readonly<Config>, logger: Logger): Promise<LibraryStore> {
  const store = LibraryStore.open(storePath(config));
  try {
    const indexDir = join(config.dataDir, "index");
    checkStoreIntegrity(store, await readSavedManifest(indexDir), indexDir);
    const seeds = await importSeeds(store, config.seedsDir);
    if (seeds.added.length) logger.info({ added: seeds.added }, "seed articles imported");
    return store;
  } catch (error) {
    store.close();
    throw error;
  }
}

function createClient(config: Readonly<Config>): OpenAI {
  return new OpenAI({
    // Local servers (Ollama, vLLM) accept any key; the SDK insists on one.
    apiKey: config.openai.apiKey ?? "not-needed",
    ...(config.openai.baseUrl ? { baseURL: config.openai.baseUrl } : {}),
    maxRetries: 2,
  });
}

async function chooseEmbedder(
  config: Readonly<Config>,
  client: OpenAI | null,
  lexicon: Lexicon,
  logger: Logger,
): Promise<Embedder> {
  const local = () => createThreadedEmbedder(createLocalEmbedder(lexicon), logger);
  if (!config.embeddings || !client) return local();
  try {
    return await createOpenAiEmbedder({ client, ...config.embeddings });
  } catch (error) {
    // Better a working bot with local vectors than no bot; the index records the switch and is rebuilt.
    logger.warn(
      { err: error, model: config.embeddings.model },
      "embeddings endpoint unusable; using the local embedder",
    );
    return local();
  }
}
