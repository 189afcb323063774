import { formatArticleDate } from "../core/ingest/article-date.ts";
import type { IngestOutcome, LibraryStats } from "../core/library.ts";
import type { Article, AuditEntry } from "../core/store/library-store.ts";
import { escapeHtml } from "./render.ts";

const PREVIEW_CHARS = 240;

/** What an upload became, as an admin should check it: title, date, source, passages, the first lines. */
export function renderIngestOutcome(outcome: IngestOutcome): string {
  const { article } = outcome;
  const heading = {
    added: "✅ Đã thêm vào thư viện",
    updated: "🔄 Đã cập nhật bài viết có cùng đường dẫn (giữ nguyên mã)",
    duplicate: "ℹ️ Bài viết này đã có trong thư viện",
  }[outcome.status];
  const lines = [`<b>${heading}</b>`, "", ...articleLines(article)];
  if (outcome.status !== "duplicate") {
    lines.push(`Số đoạn để tìm kiếm: ${outcome.passages}`);
    lines.push("", `<i>${escapeHtml(preview(article.body))}</i>`);
  }
  return lines.join("\n");
}

function articleLines(article: Article): string[] {
  const source = article.url ?? article.site;
  return [
    `<b>${escapeHtml(article.title)}</b>`,
    `Mã: <code>${escapeHtml(article.id)}</code>`,
    `Ngày: ${escapeHtml(formatArticleDate(article.date) || "không rõ")}`,
    `Nguồn: ${escapeHtml(source ?? "không rõ")}`,
  ];
}

function preview(body: string): string {
  const text = body.replace(/\s+/g, " ").trim();
  return text.length <= PREVIEW_CHARS ? text : `${text.slice(0, PREVIEW_CHARS).replace(/\s+\S*$/, "")} …`;
}

/** One page of the library, newest first. */
export function renderArticlePage(
  articles: readonly Article[],
  page: { offset: number; size: number; total: number },
): string {
  if (page.total === 0) return "Thư viện chưa có bài viết nào.";
  const lines = [`<b>Thư viện: ${page.total} bài viết</b> (mới thêm trước)`, ""];
  articles.forEach((article, i) => {
    const date = formatArticleDate(article.date) || "—";
    lines.push(
      `${page.offset + i + 1}. ${escapeHtml(article.title)}`,
      `    <code>${escapeHtml(article.id)}</code> · ${escapeHtml(date)}`,
    );
  });
  const current = Math.floor(page.offset / page.size) + 1;
  const pages = Math.ceil(page.total / page.size);
  lines.push("", `Trang ${current}/${pages} · xoá một bài: /remove &lt;mã&gt;`);
  return lines.join("\n");
}

/** The confirmation asked before a removal. */
export function renderRemovalQuestion(article: Article): string {
  return ["<b>Xoá bài viết này khỏi thư viện?</b>", "", ...articleLines(article)].join("\n");
}

export interface BotStats {
  library: LibraryStats;
  answers: { answers: number; up: number; down: number };
  llm: { calls: number; promptTokens: number; completionTokens: number };
}

/** /stats: the library and how the bot is used. */
export function renderStats(stats: BotStats): string {
  const number = (n: number) => n.toLocaleString("vi-VN");
  const { library, answers, llm } = stats;
  const range =
    library.firstDate && library.lastDate ? `${library.firstDate} → ${library.lastDate}` : "không rõ";
  return [
    "<b>Thống kê</b>",
    `Bài viết: ${number(library.articles)} · đoạn tìm kiếm: ${number(library.chunks)}`,
    `Khoảng thời gian các bài: ${escapeHtml(range)}`,
    `Câu hỏi đã trả lời: ${number(answers.answers)} · 👍 ${number(answers.up)} · 👎 ${number(answers.down)}`,
    `LLM: ${number(llm.calls)} lượt gọi, ${number(llm.promptTokens)} token vào, ${number(llm.completionTokens)} token ra`,
    `Bộ tạo vector: <code>${escapeHtml(library.embedderId)}</code>`,
  ].join("\n");
}

const ACTION_LABEL: Record<AuditEntry["action"], string> = {
  add: "➕ thêm",
  update: "🔄 cập nhật",
  remove: "🗑 xoá",
  undo: "↩️ hoàn tác",
};

/** /audit: who added, updated or removed which article, when (newest first). */
export function renderAudit(entries: readonly AuditEntry[]): string[] {
  if (entries.length === 0) return ["Chưa có thay đổi nào."];
  return [
    "<b>Nhật ký thay đổi</b> (mới nhất trước)",
    ...entries.map(
      (entry) =>
        `${escapeHtml(entry.at.slice(0, 16).replace("T", " "))} ${ACTION_LABEL[entry.action]} — ${escapeHtml(actorName(entry.actor))}: ${escapeHtml(entry.title)} (<code>${escapeHtml(entry.articleId)}</code>)`,
    ),
  ];
}

function actorName(actor: string): string {
  const telegram = /^telegram:(\d+)\s*(.*)$/.exec(actor);
  if (telegram) return telegram[2] ? `${telegram[2]} (${telegram[1]})` : `Telegram ${telegram[1]}`;
  return actor;
}
