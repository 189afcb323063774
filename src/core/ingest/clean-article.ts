import { tidyWhitespace, toNfc } from "../text/normalize.ts";
import { countWords, splitSentences } from "../text/sentences.ts";
import type { ArticleDate } from "./article-date.ts";
import { parseLeadDate, readDateline, resolveArticleDate } from "./article-date.ts";
import {
  FURNITURE_HEADINGS,
  FURNITURE_LINES,
  FURNITURE_PHRASES,
  SITE_CONTACT,
  SITE_IDENTITY,
  SOURCE_CREDIT,
} from "./scrape-noise.ts";

/** An article after cleaning: what the library stores and searches. */
export interface CleanArticle {
  title: string;
  /** Paragraphs separated by a blank line. */
  body: string;
  date: ArticleDate | null;
  url: string | null;
  site: string | null;
  author: string | null;
  /** True when the article had no title line and `title` was taken from its first sentence. */
  titleDerived: boolean;
  /** Rules that wanted to remove too much and were not applied (logged by the caller). */
  warnings: CleaningWarning[];
}

/** A furniture rule that would have removed more than MAX_SENTENCE_LOSS of the article's sentences. */
export type CleaningWarning = "FURNITURE_BLOCK_SKIPPED" | "FURNITURE_LINES_SKIPPED";

// Furniture rules never remove sentences by design; if one still would remove this share of the words
// that stand in sentences, the page is unusual: keep its text and say so.
const MAX_SENTENCE_LOSS = 0.3;

const MAX_TITLE_WORDS = 35;

/** Strips scraping noise from a news article and extracts title, date, source and author. */
export function cleanArticle(
  raw: string,
  hints: { url?: string | null; date?: ArticleDate | null; title?: string | null } = {},
): CleanArticle {
  let lines = tidyWhitespace(
    toNfc(raw)
      .replace(/^\uFEFF/, "")
      .replace(/\r\n?/g, "\n"),
  ).split("\n");
  // A headline the document's structure marks (an HTML page's, a Markdown "# ") is not guessed from lines:
  // "Vì sao PAPI giảm?" ends like a sentence, and a lead can look like a title.
  const known = hints.title ? tidyWhitespace(toNfc(hints.title)).trim() || null : null;
  if (known) lines = withoutFirst(lines, known);

  const source = takeSourceCredit(lines);
  const furniture = removeFurniture(source.lines);
  const page = keepArticleZone(furniture.lines, { findHeadline: known === null });
  lines = page.lines;
  const header = takeHeader(lines, { findTitle: known === null });
  const paragraphs = dedupeParagraphs(header.paragraphs, known ?? header.title);
  const author = takeByline(paragraphs);

  const url = hints.url ?? source.url;
  const body = paragraphs.join("\n\n");
  const title = known ?? header.title ?? deriveTitle(body);
  const date = resolveArticleDate({
    printed: header.printedDate ?? hints.date ?? null,
    lead: parseLeadDate(body),
    url,
  });
  return {
    title,
    body,
    date,
    url,
    site: source.site ?? page.site ?? (url ? hostOf(url) : null),
    author,
    titleDerived: known === null && header.title === null,
    warnings: furniture.warnings,
  };
}

function withoutFirst(lines: string[], line: string): string[] {
  const at = lines.findIndex((candidate) => candidate.trim() === line);
  return at < 0 ? lines : [...lines.slice(0, at), ...lines.slice(at + 1)];
}

function takeSourceCredit(lines: string[]): { lines: string[]; url: string | null; site: string | null } {
  // The credit sits in the last few lines, sometimes glued to the last paragraph; anything after it is an
  // unrelated teaser title scraped from the page.
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 6); i--) {
    const line = lines[i] ?? "";
    const match = SOURCE_CREDIT.exec(line);
    if (!match || match.index === undefined) continue;
    const credit = (match[1] ?? "").trim();
    const url = /https?:\/\/\S+/iu.exec(credit)?.[0]?.replace(/[)\].,;]+$/u, "") ?? null;
    const site = url ? hostOf(url) : credit.replace(/[.;]+$/u, "") || null;
    const before = line.slice(0, match.index).trim();
    return { lines: [...lines.slice(0, i), ...(before ? [before] : [])], url, site };
  }
  return { lines, url: null, site: null };
}

/**
 * Removes page furniture: phrases wherever they stand (the rest of the line stays unless it holds no
 * sentence), furniture-only lines, and blocks that a furniture heading opens ("Tin liên quan" and its list
 * of other stories). A heading within the first paragraphs, or one followed by a real paragraph, removes
 * only itself: a block runs over short, headline-like lines and ends at the first real paragraph.
 */
function removeFurniture(lines: readonly string[]): { lines: string[]; warnings: CleaningWarning[] } {
  const full = stripFurniture(lines, { blocks: true, lines: true });
  const before = sentenceWords(lines);
  if (before === 0 || sentenceWords(full) >= before * (1 - MAX_SENTENCE_LOSS))
    return { lines: full, warnings: [] };
  const withoutBlocks = stripFurniture(lines, { blocks: false, lines: true });
  if (sentenceWords(withoutBlocks) >= before * (1 - MAX_SENTENCE_LOSS))
    return { lines: withoutBlocks, warnings: ["FURNITURE_BLOCK_SKIPPED"] };
  return {
    lines: stripFurniture(lines, { blocks: false, lines: false }),
    warnings: ["FURNITURE_BLOCK_SKIPPED", "FURNITURE_LINES_SKIPPED"],
  };
}

function stripFurniture(lines: readonly string[], rules: { blocks: boolean; lines: boolean }): string[] {
  const kept: string[] = [];
  let paragraphs = 0;
  let inBlock = false;
  for (const line of rules.lines ? withoutSiteFooter(lines) : lines) {
    if (FURNITURE_HEADINGS.some((pattern) => pattern.test(line))) {
      // Before the article's first paragraph a heading-like line is more likely its own (a section title).
      inBlock = rules.blocks && paragraphs >= 1;
      continue;
    }
    const stripped = stripPhrases(line);
    if (inBlock) {
      if (!isParagraph(stripped)) continue;
      inBlock = false;
    }
    if (line.length > 0 && !holdsText(stripped)) continue;
    if (rules.lines && FURNITURE_LINES.some((pattern) => pattern.test(stripped))) continue;
    kept.push(stripped);
    if (isParagraph(stripped)) paragraphs++;
  }
  return kept;
}

/** Drops the trailing run of footer lines, when an identity line shows that the run is the site's footer. */
function withoutSiteFooter(lines: readonly string[]): readonly string[] {
  let start = lines.length;
  let identified = false;
  while (start > 0) {
    const line = (lines[start - 1] ?? "").trim();
    const identity = SITE_IDENTITY.test(line);
    if (line !== "" && !identity && !SITE_CONTACT.test(line)) break;
    identified ||= identity;
    start--;
  }
  return identified ? lines.slice(0, start) : lines;
}

/**
 * A whole page copied as text ("Select all" in a browser) has the site's header above the article and its
 * lists, forms and footer below. The article is the run from the first to the last real paragraph. Above
 * it, only the headline (the title-like line nearest the first paragraph), a dateline and any line that is
 * a sentence are kept; below it, only sentences and a list that the last paragraph introduces. Short,
 * sentence-less lines between paragraphs (subheadings, captions) stay: only the zones outside are judged.
 */
function keepArticleZone(
  lines: readonly string[],
  options: { findHeadline: boolean },
): { lines: string[]; site: string | null } {
  const first = lines.findIndex(isParagraph);
  if (first < 0) return { lines: [...lines], site: null };
  let last = lines.length - 1;
  while (!isParagraph(lines[last] ?? "")) last--;
  const above = lines.slice(0, first);
  const titleAt = options.findHeadline
    ? headlineIndex(above, lines.slice(first, first + 6).filter(isParagraph))
    : -1;
  // A page prints today's date in its top bar too: the article's dateline is the first after its headline,
  // or, with none there, the last above the lead.
  const datelines = above.flatMap((line, i) => ((readDateline(line)?.date ?? null) !== null ? [i] : []));
  const datelineAt = datelines.find((i) => i > titleAt) ?? datelines.at(-1) ?? -1;
  const below = lines.slice(last + 1).filter((line) => line.length > 0);
  const listEnd = below.findIndex((line) => line.length > 0 && !LIST_ITEM.test(line));
  const list = (lines[last] ?? "").endsWith(":") ? below.slice(0, listEnd < 0 ? below.length : listEnd) : [];
  const credit = below.map((line) => SOURCE_CREDIT.exec(line)).find((match) => match);
  // A byline right after the article ("Thanh Tuấn") is its author's; takeByline reads it.
  const tail = below
    .slice(list.length)
    .filter((line, i) => isSentence(line) || (i === 0 && BYLINE.test(line)));
  // The dateline, then the headline, then any sentence above the lead: the order takeHeader reads them in.
  // An official document's number ("Số: 123/KH-UBND") is how it is cited: a fact, not furniture.
  const header = [
    ...(datelineAt >= 0 && datelineAt !== titleAt ? [above[datelineAt] ?? ""] : []),
    ...(titleAt >= 0 ? [officialTitle(above[titleAt - 1], above[titleAt] ?? "")] : []),
    ...above.filter(
      (line, i) => i !== titleAt && i !== datelineAt && (isSentence(line) || DOCUMENT_NUMBER.test(line)),
    ),
  ];
  const creditText = credit?.[1]?.trim() ?? "";
  return {
    lines: [...header, ...lines.slice(first, last + 1), ...list, ...tail, ...signature(below)],
    site: creditText
      ? /https?:\/\/\S+/iu.exec(creditText)
        ? hostOf(creditText)
        : creditText.replace(/[.;]+$/u, "")
      : null,
  };
}

// An official document states its kind on a line of its own above its subject ("KẾ HOẠCH" / "Kiểm tra công
// tác cải cách hành chính năm 2025"): its title is both, "Kế hoạch kiểm tra công tác …".
const DOCUMENT_KIND =
  /^(?:KẾ HOẠCH|QUYẾT ĐỊNH|THÔNG BÁO|BÁO CÁO|CHỈ THỊ|NGHỊ QUYẾT|TỜ TRÌNH|CÔNG VĂN|HƯỚNG DẪN|CHƯƠNG TRÌNH|ĐỀ ÁN|KẾT LUẬN)$/u;

function officialTitle(kindLine: string | undefined, subject: string): string {
  const kind = kindLine?.trim() ?? "";
  if (!DOCUMENT_KIND.test(kind)) return subject;
  const lower = kind.toLowerCase();
  // "Kiểm tra công tác …" reads on after the kind in lower case; "Hội đồng Nhân dân …" keeps its capitals.
  const rest = /^\p{Lu}[\p{Ll}\p{M}]*\s+\p{Ll}/u.test(subject)
    ? subject[0]?.toLowerCase() + subject.slice(1)
    : subject;
  return `${lower[0]?.toUpperCase()}${lower.slice(1)} ${rest}`;
}

const DOCUMENT_NUMBER = /^Số\s*:\s*\d+\/[\p{L}\p{N}Đđ/-]+$/u;
// An official document closes with who signs it: role lines in capitals ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ
// TỊCH", "PHÓ CHỦ TỊCH") and the signer's name. Kept as one line: "ai ký?" is asked of such documents.
const SIGNING_ROLE = /^(?:(?:TM|KT|TL|TUQ|Q)\.\s*)?[\p{Lu}\s.,-]{4,60}$/u;

function signature(below: readonly string[]): string[] {
  const nameAt = findLastIndex(below, (line) => BYLINE.test(line) && line !== line.toUpperCase());
  if (nameAt < 1) return [];
  let start = nameAt;
  while (start > 0 && SIGNING_ROLE.test(below[start - 1] ?? "")) start--;
  const roles = below.slice(start, nameAt);
  // A signer's role always includes an office ("CHỦ TỊCH", "GIÁM ĐỐC"…): capitals alone may be a site name.
  if (!roles.some((role) => /CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG|BỘ TRƯỞNG|THỦ TRƯỞNG|CHÁNH VĂN PHÒNG/u.test(role)))
    return [];
  return [`${roles.join(", ")} ${below[nameAt]}`];
}

const LIST_ITEM = /^(?:[-–•+*]\s|\d{1,2}[.)]\s|[a-zđ][.)]\s)/iu;

/**
 * Which header line is the article's headline. Pages put toolbars, counters, menus and datelines between
 * the headline and the lead ("Bài viết được 63 người thích", "In bài viết Gửi email Cỡ chữ A A A"), so the
 * nearest title-like line is not enough: a headline announces the article, and the lead repeats its words.
 * Among title-like lines, the one with the largest share of its words in the opening paragraphs wins (the
 * nearest on a tie); when none shares a third, the nearest title-like line, as before.
 */
function headlineIndex(above: readonly string[], opening: readonly string[]): number {
  const nearest = findLastIndex(above, isHeadline);
  const openingWords = new Set(opening.flatMap(wordsOf));
  let best = -1;
  let bestShare = MIN_HEADLINE_SHARE;
  above.forEach((line, i) => {
    if (!isHeadline(line)) return;
    const words = wordsOf(line);
    const share = words.filter((word) => openingWords.has(word)).length / Math.max(1, words.length);
    if (share >= bestShare) {
      best = i;
      bestShare = share;
    }
  });
  return best >= 0 ? best : nearest;
}

const MIN_HEADLINE_SHARE = 1 / 3;
// Accents kept: folded, short syllables collide ("Nam" and "năm", "từ" and "tư").
const wordsOf = (line: string) => line.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i] as T)) return i;
  return -1;
}

// A line that holds a sentence (a sapo above the article, a note below it): several words with a
// sentence's end — at the end, or inside when furniture is glued after it ("… 5 ngày làm việc.Chia sẻ") —
// or simply long. When in doubt the line stays: a kept menu costs less than a lost fact.
function isSentence(line: string): boolean {
  const words = line.split(/\s+/).length;
  if (words >= 25) return !isMenu(line);
  return words >= 6 && /[.!?…]["”)]?(?:$|\s*\p{Lu})/u.test(line);
}

// A long line of items without any punctuation, many of them capitalised, is a menu ("Chính trị Kinh tế
// Văn hóa Xã hội …": each item capitalises its first syllable); a sentence has commas or an end, and most
// of its syllables in lower case.
function isMenu(line: string): boolean {
  const words = line.match(/\p{L}+/gu) ?? [];
  const capitalised = words.filter((word) => /^\p{Lu}/u.test(word)).length;
  return capitalised > words.length * 0.4 && !/[.,;:!?…]/u.test(line);
}

// The article's headline among the page's header lines: title-like, mostly words, not a byline, a
// dateline, a menu ("A | B | C") or a site name in capitals.
function isHeadline(line: string): boolean {
  if (!looksLikeTitle(line) || BYLINE.test(line) || readDateline(line) || /\|/u.test(line)) return false;
  if (line === line.toUpperCase()) return false;
  // Mostly words: "PCI 2023: Bình Định đạt 67,85 điểm, xếp thứ 12/63" is a headline, "19/04/2023 10:32 365" not.
  const tokens = line.split(/\s+/);
  return tokens.filter((token) => /\p{L}/u.test(token)).length >= tokens.length * 0.6;
}

function stripPhrases(line: string): string {
  let text = line;
  for (const pattern of FURNITURE_PHRASES) text = text.replace(pattern, " ");
  if (text === line) return line;
  return text
    .replace(/\s*\|\s*(?=\||$)/gu, "")
    .replace(/^[\s|:,;.-]+/u, "")
    .replace(/\s{2,}/gu, " ")
    .trim();
}

// What is left of a line holds text when it has a word of letters (a lone "|" or "0" does not).
function holdsText(text: string): boolean {
  return /\p{L}{2,}|\d/u.test(text);
}

// A real paragraph: a sentence of some length that ends like one, or several sentences. A "sentence" of a
// word or two is not one: "Nhập từ khóa cần tìm... [Tìm]" is a search box, "Trang chủ. Giới thiệu." a menu.
function isParagraph(line: string): boolean {
  const words = line.split(/\s+/).length;
  // A line ending in "(26/02/2025)" is a related headline with its date, not a sentence.
  if (words >= 12 && /[.!?…:;]["”)]?$/u.test(line)) return true;
  return words >= 8 && splitSentences(line).filter((sentence) => countWords(sentence) >= 3).length >= 2;
}

function sentenceWords(lines: readonly string[]): number {
  return lines.filter(isParagraph).reduce((sum, line) => sum + line.split(/\s+/).length, 0);
}

interface Header {
  title: string | null;
  printedDate: ArticleDate | null;
  paragraphs: string[];
}

function takeHeader(lines: string[], options: { findTitle: boolean }): Header {
  const paragraphs = lines.filter((line) => line.length > 0);
  let printedDate: ArticleDate | null = null;
  let title: string | null = null;

  // A dateline may stand on its own line (above or below the title) or be glued in front of the title.
  for (let i = 0; i < Math.min(3, paragraphs.length); i++) {
    const line = paragraphs[i] ?? "";
    const dateline = readDateline(line);
    if (!dateline || printedDate) continue;
    // "Ngày 20/01/2025, UBND tỉnh…" is the lead's own date, not a dateline: the sentence goes on.
    if (/^[\s,]*(?:,|\p{Ll}|\d)/u.test(line.slice(dateline.length))) continue;
    printedDate = dateline.date;
    const after = line.slice(dateline.length);
    const rest = after.replace(/^[\s|•·–—-]+/u, "").trim();
    // "Ngày đăng: 08/07/2024 | Cập nhật: 10/07/2024 08:31": what follows may be a second stamp, not text;
    // "Đăng ngày 30/06/2023 — Chuyên mục: Đối thoại": set off by a separator, it is the page's section.
    const setOff = /^\s*[|•·–—-]/u.test(after) && !isSentence(rest);
    if (rest && !isTimeStamp(rest) && !setOff) paragraphs[i] = rest;
    else paragraphs.splice(i, 1);
    break;
  }

  const first = paragraphs[0];
  if (first !== undefined && options.findTitle) {
    if (looksLikeTitle(first)) {
      title = first;
      paragraphs.shift();
    } else {
      const glued = splitGluedTitle(first);
      if (glued) {
        title = glued.title;
        paragraphs[0] = glued.rest;
      }
    }
  }
  return { title, printedDate, paragraphs };
}

// A date (and time) with at most a short label: "Cập nhật: 10/07/2024 08:31", "Lúc 08:15".
function isTimeStamp(line: string): boolean {
  const letterWords = (line.match(/\p{L}+/gu) ?? []).length;
  return /\d{1,2}[/:.-]\d{1,2}/u.test(line) && letterWords <= 3;
}

function looksLikeTitle(line: string): boolean {
  const words = line.split(/\s+/).length;
  return (
    words >= 3 && words <= MAX_TITLE_WORDS && !/[.:;,!?…]$/u.test(line) && splitSentences(line).length === 1
  );
}

// "Hội nghị trực tuyến về … chuyển đổi số Ngày 19/4, Ban Chỉ đạo …": a title glued to the lead, which
// starts with a time-of-day or "Ngày" followed by a date.
const GLUED_LEAD =
  /\s((?:Sáng|Chiều|Tối|Trưa|Đêm|Ngày|Hôm nay|Hôm qua)(?:\s+(?:nay|ngày|qua))?\s*,?\s+\d{1,2}\/\d{1,2})/u;

function splitGluedTitle(line: string): { title: string; rest: string } | null {
  const match = GLUED_LEAD.exec(line);
  if (!match || match.index === undefined) return null;
  const title = line.slice(0, match.index).trim();
  if (!title || !looksLikeTitle(title)) return null;
  return { title, rest: line.slice(match.index).trim() };
}

function dedupeParagraphs(paragraphs: string[], title: string | null): string[] {
  // Scraped pages repeat photo captions and the title; a repeated paragraph carries no new fact.
  const seen = new Set<string>(title ? [title.toLowerCase()] : []);
  const kept: string[] = [];
  for (const paragraph of paragraphs) {
    const key = paragraph.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(paragraph);
  }
  return kept;
}

// "Thanh Tuấn", "Nguyễn Văn An", "TTXVN", "(Theo Báo Chính phủ)": a byline closing the story.
const BYLINE = /^(?:\p{Lu}[\p{Ll}\p{M}]*(?:\s+\p{Lu}[\p{Ll}\p{M}]*){1,4}|\p{Lu}{2,8}|\(Theo [^)]{2,60}\))$/u;

function takeByline(paragraphs: string[]): string | null {
  const last = paragraphs.at(-1);
  if (last === undefined || paragraphs.length < 2 || last.length > 60 || !BYLINE.test(last)) return null;
  paragraphs.pop();
  return last.replace(/^\(Theo\s+|\)$/gu, "");
}

function deriveTitle(body: string): string {
  const firstParagraph = body.split("\n\n")[0] ?? "";
  const sentence = splitSentences(firstParagraph)[0] ?? firstParagraph;
  const words = sentence.replace(/[.:;,!?…]+$/u, "").split(/\s+/);
  return words.length <= 20 ? words.join(" ") : `${words.slice(0, 20).join(" ")}…`;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return null;
  }
}
