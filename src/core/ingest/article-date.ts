import { foldDiacritics } from "../text/normalize.ts";
import { DATELINE, DATELINE_PLACE, LABELLED_DATELINE } from "./scrape-noise.ts";

/**
 * A publication or event date as far as the article tells it. Any part may be unknown: "Sáng ngày 17/5"
 * gives day and month but no year, and a year is never guessed.
 */
export interface ArticleDate {
  year: number | null;
  month: number | null;
  day: number | null;
}

/** "03/02/2023", "17/05" (year unknown) or "2023". */
export function formatArticleDate(date: ArticleDate | null): string {
  if (!date) return "";
  const dd = date.day ? String(date.day).padStart(2, "0") : null;
  const mm = date.month ? String(date.month).padStart(2, "0") : null;
  const parts = [dd, mm, date.year ? String(date.year) : null].filter((part) => part !== null);
  return parts.join("/");
}

/** ISO-like sortable form: "2023-02-03", "2023-02", "2023", or null without a year. */
export function isoArticleDate(date: ArticleDate | null): string | null {
  if (!date?.year) return null;
  let iso = String(date.year);
  if (date.month) iso += `-${String(date.month).padStart(2, "0")}`;
  if (date.month && date.day) iso += `-${String(date.day).padStart(2, "0")}`;
  return iso;
}

function validDate(year: number | null, month: number, day: number | null): ArticleDate | null {
  if (month < 1 || month > 12) return null;
  if (day !== null && (day < 1 || day > 31)) return null;
  if (year !== null && (year < 1990 || year > 2100)) return null;
  return { year, month, day };
}

// "10:32 25/11/2022", "19/04/2023", "25/11/2022 10:32": a full date, as portals print above an article.
const FULL_DATE = /(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})(?!\d)/u;
// "ngày 28 tháng 11 năm 2023", "12 tháng 1, năm 2026": the written form of official letters and datelines.
const WORDED_DATE = /(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+((?:19|20)\d{2})(?!\d)/iu;

/** "2025-03-20", "2025-03-20T08:15:00+07:00": the machine form of meta tags and front matter. */
export function parseIsoDate(value: string | null | undefined): ArticleDate | null {
  const match = value ? /^\s*["']?(\d{4})-(\d{2})-(\d{2})/.exec(value) : null;
  if (!match) return null;
  return validDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** A complete date, d/m/yyyy or written in words, anywhere in `text` (the first one). */
export function parseFullDate(text: string): ArticleDate | null {
  const matches = [FULL_DATE.exec(text), WORDED_DATE.exec(text)].filter((match) => match !== null);
  const match = matches.sort((a, b) => a.index - b.index)[0];
  if (!match) return null;
  return validDate(Number(match[3]), Number(match[2]), Number(match[1]));
}

/**
 * A dateline at the start of `line`, with the place it may name first ("Sơn La, ngày 12 tháng 3 năm 2025")
 * or after the label of the site that printed it ("Cổng TTĐT tỉnh X — Cập nhật ngày …", the whole line):
 * how many characters it takes, and the date it gives (null when it gives none, "Cập nhật: 08:15").
 */
export function readDateline(line: string): { length: number; date: ArticleDate | null } | null {
  // "(Cập nhật: 14:20 | 03-04-2025)": a whole line in brackets.
  const bracketed = /^\((.+)\)$/u.exec(line.trim())?.[1];
  if (bracketed) {
    const inner = readDateline(bracketed);
    return inner && inner.length >= bracketed.trimEnd().length
      ? { length: line.length, date: inner.date }
      : null;
  }
  if (LABELLED_DATELINE.test(line)) return { length: line.length, date: parseFullDate(line) };
  const place = DATELINE_PLACE.exec(line)?.[0].length ?? 0;
  const match = DATELINE.exec(line.slice(place));
  if (!match) return null;
  return { length: place + match[0].length, date: parseFullDate(match[0]) };
}

// The lead of a Vietnamese news story dates the event: "Chiều nay, 3/2", "Sáng ngày 17/5", "Ngày 19/4",
// "Chiều ngày 18/3", optionally with a year. Matched accent-free, so text typed without accents dates too.
const LEAD_DATE =
  /(?:^|[\s(])(?:sang|chieu|toi|trua|dem|ngay|hom nay|hom qua|nay)(?:\s+(?:nay|ngay|qua))?\s*,?\s+(\d{1,2})\/(\d{1,2})(?:\/((?:19|20)\d{2}))?(?!\d)/iu;

// What may precede the lead's date: an agency tag ("(Chinhphu.vn) - ", "QUẢNG BÌNH - ") and a word or two
// ("Vào sáng ngày 17/5").
const LEAD_PREFIX = /^(?:\([^)\n]{1,40}\)\s*[-–—:]?\s*|[\p{Lu}\p{M}\s.]{2,40}\s[-–—]\s*)?/u;
const LEAD_REACH = 16;

/**
 * Day and month (and year, when written) that open an article body. Only the opening counts: a date
 * further on ("hoàn thành trước ngày 26/7") is a deadline or a reference, not when the story happened.
 */
export function parseLeadDate(body: string): ArticleDate | null {
  const first = body.trimStart().split("\n", 1)[0] ?? "";
  const opening = first.slice(LEAD_PREFIX.exec(first)?.[0].length ?? 0);
  const match = LEAD_DATE.exec(foldDiacritics(opening.slice(0, 120)));
  if (!match || match.index > LEAD_REACH) return null;
  return validDate(match[3] ? Number(match[3]) : null, Number(match[2]), Number(match[1]));
}

/** Year and month that news sites put in article paths: "/202302/", "/2023/02/", "-20230203". */
export function parseUrlDate(url: string): { year: number; month: number | null } | null {
  const path = url.replace(/^https?:\/\/[^/]+/i, "");
  const compact = /\/((?:19|20)\d{2})(0[1-9]|1[0-2])(?:\d{2})?\//.exec(path);
  if (compact) return { year: Number(compact[1]), month: Number(compact[2]) };
  const slashed = /\/((?:19|20)\d{2})\/(0?[1-9]|1[0-2])\//.exec(path);
  if (slashed) return { year: Number(slashed[1]), month: Number(slashed[2]) };
  return null;
}

/**
 * Combines what the article says: a full printed date wins; otherwise the lead's day/month, with the year
 * taken from the source URL only when the URL's month agrees (never guessed from "năm 2024" in the text).
 */
export function resolveArticleDate(parts: {
  printed: ArticleDate | null;
  lead: ArticleDate | null;
  url: string | null;
}): ArticleDate | null {
  if (parts.printed) return parts.printed;
  const fromUrl = parts.url ? parseUrlDate(parts.url) : null;
  const lead = parts.lead;
  if (lead) {
    if (lead.year !== null) return lead;
    const year = fromUrl && (fromUrl.month === null || fromUrl.month === lead.month) ? fromUrl.year : null;
    return { ...lead, year };
  }
  if (fromUrl) return { year: fromUrl.year, month: fromUrl.month, day: null };
  return null;
}
