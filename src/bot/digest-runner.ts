import { randomUUID } from "node:crypto";
import { type Api, GrammyError, InlineKeyboard } from "grammy";
import type { Digest } from "../core/digest/compose-digest.ts";
import { composeDigest } from "../core/digest/compose-digest.ts";
import { duePeriod, formatTimeOfDay } from "../core/digest/schedule.ts";
import type { Library } from "../core/library.ts";
import type { Logger } from "../core/logger.ts";
import type { Subscription, SubscriptionStore } from "../core/store/subscriptions.ts";
import { escapeAttribute, escapeHtml, splitMessages } from "./render.ts";

export interface DigestSettings {
  /** At most this many articles in one digest (the rest are counted, not listed). */
  maxArticles: number;
}

/** Writes an article's summary (the LLM); null keeps the extractive one. */
export type Summarizer = (article: { title: string; body: string }) => Promise<string | null>;

/** Replaces the extractive summaries with the summarizer's where it gives one. */
export async function withSummaries(
  digest: Digest,
  library: Library,
  summarize?: Summarizer,
): Promise<Digest> {
  if (!summarize) return digest;
  const items = [];
  for (const item of digest.items) {
    const article = library.article(item.articleId);
    const written = article ? await summarize({ title: article.title, body: article.body }) : null;
    items.push(written ? { ...item, summary: written } : item);
  }
  return { ...digest, items };
}

export interface RunSummary {
  due: number;
  sent: number;
  empty: number;
  skipped: number;
  failed: number;
}

const EMPTY_TEXT = "📭 Hôm nay thư viện không có bài mới phù hợp với đăng ký của bạn.";

/** The digest as Telegram HTML messages (split under the limit) and the buttons for the last one. */
export function renderDigest(
  digest: Digest,
  period: string,
  topics: readonly string[],
): { messages: string[]; keyboard: InlineKeyboard } {
  const [year, month, day] = period.split("-");
  const lines = [
    `📰 <b>Bản tin thư viện CCHC — ${day}/${month}/${year}</b>`,
    `${digest.matched} bài mới${topics.length ? ` về: ${escapeHtml(topics.join(", "))}` : ""}${
      digest.matched > digest.items.length ? ` (hiển thị ${digest.items.length} bài đầu)` : ""
    }`,
  ];
  for (const item of digest.items) {
    const title = item.url
      ? `<a href="${escapeAttribute(item.url)}">${escapeHtml(item.title)}</a>`
      : escapeHtml(item.title);
    const details = [item.date, item.url ? null : item.site].filter(Boolean).join(", ");
    // One "line" per item, so that a split never separates an article from its summary.
    lines.push(
      "",
      `<b>[${item.n}]</b> ${title}${details ? ` — ${escapeHtml(details)}` : ""}\n${escapeHtml(item.summary)} [${item.n}]`,
    );
  }
  const keyboard = new InlineKeyboard();
  digest.items.slice(0, 10).forEach((item, i) => {
    keyboard.text(`📄 ${item.n}`, `dga:${item.articleId}`);
    if (i % 5 === 4) keyboard.row();
  });
  return { messages: splitMessages(lines), keyboard };
}

/**
 * What is new for a subscriber: articles added after its watermark (up to change `upTo`, the seq its
 * delivery was claimed at) that are still in the library and match its topics.
 */
export function digestSince(
  library: Library,
  subscription: Pick<Subscription, "watermark" | "topics">,
  maxArticles: number,
  upTo = Number.POSITIVE_INFINITY,
): Digest {
  const added = library.store.addedSince(subscription.watermark, upTo);
  return composeDigest({
    articles: library.store.getArticles(added.articleIds),
    topics: subscription.topics,
    index: library.searchIndex,
    lexicon: library.lexicon,
    max: maxArticles,
  });
}

/**
 * Sends due digests. Each run reads the subscriptions from the store, claims each due (chat, period)
 * before sending — so restarts, crashes and other instances never send one twice — and records how it
 * ended. One subscriber's failure never stops the others.
 */
export class DigestRunner {
  private readonly instance = randomUUID().slice(0, 8);
  private running: Promise<RunSummary> | null = null;

  constructor(
    private readonly deps: {
      api: Api;
      library: Library;
      subscriptions: SubscriptionStore;
      logger: Logger;
      now: () => number;
      settings: DigestSettings;
      /** With an LLM: summaries written by it (checked), else extractive ones. */
      summarize?: Summarizer;
    },
  ) {}

  /** One pass over the subscriptions; overlapping calls share the pass in progress. */
  run(): Promise<RunSummary> {
    this.running ??= this.runOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Runs every `intervalMs` until the returned function is called (which waits for a pass in progress). */
  start(intervalMs: number): () => Promise<void> {
    const timer = setInterval(() => {
      this.run().catch((error: unknown) => this.deps.logger.error({ err: error }, "digest run failed"));
    }, intervalMs);
    timer.unref();
    void this.run().catch((error: unknown) => this.deps.logger.error({ err: error }, "digest run failed"));
    return async () => {
      clearInterval(timer);
      await this.running?.catch(() => undefined);
    };
  }

  private async runOnce(): Promise<RunSummary> {
    const { subscriptions, logger } = this.deps;
    const summary: RunSummary = { due: 0, sent: 0, empty: 0, skipped: 0, failed: 0 };
    for (const subscription of subscriptions.active()) {
      const now = this.deps.now();
      const slot = duePeriod(now, subscription);
      if (!slot) continue;
      summary.due++;
      const outcome = await this.deliver(subscription, slot.period, now);
      summary[outcome]++;
    }
    if (summary.due > 0) logger.info({ ...summary, instance: this.instance }, "digest run");
    return summary;
  }

  private async deliver(
    subscription: Subscription,
    period: string,
    now: number,
  ): Promise<"sent" | "empty" | "skipped" | "failed"> {
    const { subscriptions, library, api } = this.deps;
    const seq = library.store.changeSeq();
    if (!subscriptions.claim(subscription.chatId, period, seq, this.instance, now)) return "skipped";
    const digest = await withSummaries(
      digestSince(library, subscription, this.deps.settings.maxArticles, seq),
      library,
      this.deps.summarize,
    );
    let delivered = 0;
    try {
      if (digest.items.length === 0) {
        if (subscription.sendEmpty) await api.sendMessage(subscription.chatId, EMPTY_TEXT);
        subscriptions.finish(subscription.chatId, period, "empty", { articles: 0 }, this.deps.now());
        return "empty";
      }
      const { messages, keyboard } = renderDigest(digest, period, subscription.topics);
      for (const [i, text] of messages.entries()) {
        await api.sendMessage(subscription.chatId, text, {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...(i === messages.length - 1 ? { reply_markup: keyboard } : {}),
        });
        delivered++;
      }
      subscriptions.finish(
        subscription.chatId,
        period,
        "sent",
        { articles: digest.items.length },
        this.deps.now(),
      );
      return "sent";
    } catch (error) {
      return this.failed(subscription, period, error, delivered > 0);
    }
  }

  private failed(subscription: Subscription, period: string, error: unknown, partly: boolean): "failed" {
    const { subscriptions, logger } = this.deps;
    const now = this.deps.now();
    const description = error instanceof Error ? error.message : String(error);
    if (
      error instanceof GrammyError &&
      (error.error_code === 403 || /chat not found/i.test(error.description))
    ) {
      // Blocked, kicked, or the chat is gone: nothing will ever be delivered there.
      subscriptions.finish(subscription.chatId, period, "failed", { articles: 0, note: description }, now);
      subscriptions.end(subscription.chatId, `telegram ${error.error_code}: ${error.description}`, now);
      logger.warn(
        { chatId: subscription.chatId, code: error.error_code },
        "digest refused; subscription ended",
      );
    } else if (
      !partly &&
      error instanceof GrammyError &&
      (error.error_code === 429 || error.error_code >= 500)
    ) {
      // Telegram answered that it did not take the message (after auto-retry's waits): try again next run.
      subscriptions.release(subscription.chatId, period, subscription.lastPeriod);
      logger.warn(
        { chatId: subscription.chatId, code: error.error_code },
        "digest not delivered; will retry",
      );
    } else {
      // A network failure leaves it unknown whether the message arrived, and a digest cut midway has been
      // partly read: never risk sending it twice.
      subscriptions.finish(subscription.chatId, period, "failed", { articles: 0, note: description }, now);
      logger.error({ err: error, chatId: subscription.chatId }, "digest delivery failed");
    }
    return "failed";
  }
}

/** "07:30 (Asia/Ho_Chi_Minh)" and the topics, for /settings and confirmations. */
export function describeSubscription(subscription: Subscription): string {
  const topics = subscription.topics.length ? subscription.topics.join(", ") : "tất cả bài mới";
  return [
    `⏰ Giờ nhận: <b>${formatTimeOfDay(subscription)}</b> (${escapeHtml(subscription.timeZone)})`,
    `🗂 Chủ đề: ${escapeHtml(topics)}`,
    `📭 Báo khi không có bài mới: ${subscription.sendEmpty ? "có" : "không"}`,
  ].join("\n");
}
