/**
 * What web scraping leaves around an article, as data, in three kinds (see clean-article.ts for how each
 * is applied; the principle is that a rule removes the furniture itself, never a sentence around it):
 *
 * - FURNITURE_PHRASES: furniture distinctive enough to be removed wherever it stands, even glued inside a
 *   line of the article ("… 86,06 điểm Lượt xem: 374"). Each pattern is global.
 * - FURNITURE_LINES: words that also occur in sentences ("chia sẻ", "đánh giá"), so they are furniture
 *   only when they make up a whole line.
 * - FURNITURE_HEADINGS: a line that is exactly such a heading starts a block of furniture (related
 *   stories, comment forms, polls, visitor statistics) that runs until a real paragraph.
 */

// A counter value: "374", "131.235", "1,2k" is not used by Vietnamese portals.
const COUNT = String.raw`\d{1,3}(?:[.,]\d{3})*|\d+`;

export const FURNITURE_PHRASES: readonly RegExp[] = [
  // With their colon only: "đạt 2.500 lượt truy cập" and "số lượt xem 1 triệu" are the article's words.
  new RegExp(String.raw`(?:số )?lượt (?:xem|đọc|truy cập|thích)\s*:\s*(?:${COUNT})(?!\d)`, "giu"),
  new RegExp(
    String.raw`(?<!\p{L})(?:online|đang (?:truy cập|online|xem)|tổng(?: số)? lượt truy cập|thống kê truy cập|thống kê)\s*:\s*(?:${COUNT})(?!\d)`,
    "giu",
  ),
  /lượt đánh giá\s*:\s*(?:[\d.,]+)?\s*,?\s*(?:trung bình\s*:\s*(?:[\d.,]+)?)?/giu,
  /(?<!\p{L})đánh giá\s*:\s*\d(?:[.,]\d)?\s*\/\s*\d(?!\d)(?:\s*sao)?/giu,
  /\[ad_\d+\]/giu,
  /(?<!\p{L})(?:notice|warning|deprecated|fatal error|parse error)\s*:.{0,400}?\bon line \d+\.?/giu,
  /mã xác thực(?: không đúng\.?)?/giu,
  /please enter your (?:comment|name here|email address here)!?/giu,
  // Capitalised, glued in front of the next sentence or standing at the end of a line: a form's label.
  // Written in lower case inside a sentence ("đại biểu đóng góp ý kiến") it is the article's own words.
  /Đóng góp ý kiến(?: cho tin bài| của bạn)?(?=\s+\p{Lu}|\s*$)/gu,
  /Ý kiến bạn đọc(?=\s+\p{Lu}|\s*$)/gu,
];

// Lines made only of these (share bars, font-size controls, form labels) are furniture.
const TOOLBAR_WORD = String.raw`(?:chia sẻ|share|in bài viết|in bài|copy link|sao chép link|sao chép liên kết|in trang|bản in|print|tweet|twitter|facebook|zalo|linkedin|email|e-mail|gửi email|gửi bài|gửi|quay lại|trở về|về đầu trang|lên đầu trang|đầu trang|cỡ chữ|font size|a\+|a-|a|bình chọn|bình luận|thích|like|lưu|lưu tin|tải về|nghe|đọc bài|tắt|bật|họ và tên|họ tên|địa chỉ email|nội dung bình luận|gửi bình luận|xem thêm|quảng cáo|advertisement)`;

export const FURNITURE_LINES: readonly RegExp[] = [
  new RegExp(String.raw`^(?:${TOOLBAR_WORD}(?:\s*[|:/•·,]\s*|\s+|$))+$`, "iu"),
  /^(?:lượt )?đánh giá\s*:?\s*$/iu,
  // "Đọc thêm: <another story's headline>", "Xem thêm >> …": a link to another story, not a sentence.
  /^(?:đọc thêm|xem thêm|xem tiếp|tin liên quan|bài liên quan|có thể bạn quan tâm)\s*(?::|>>|»|›|>|-)\s*.*[^.!?…\s]$/iu,
  /^(?:trang chủ|home)\s*(?:[>»›/|\\-]\s*[^>»›/|]{1,60}){1,6}$/iu, // a breadcrumb
  /^\d{1,3}(?:[.,]\d{3})*$/u, // a lone view/like/comment counter ("0", "365", "131.235")
  // Counters that read like a sentence's words when glued to one ("1.234 bình luận góp ý dự thảo"):
  // furniture only on a line of their own.
  new RegExp(
    String.raw`^(?:${COUNT})\s+(?:bình luận|lượt xem|lượt thích|lượt chia sẻ|người đã bình chọn|phản hồi)$`,
    "iu",
  ),
  new RegExp(
    String.raw`^(?:hôm nay|hôm qua|tuần này|tuần trước|tháng này|tháng trước|năm nay|tất cả|tổng cộng|tổng)\s*:\s*(?:${COUNT})$`,
    "iu",
  ),
];

export const FURNITURE_HEADINGS: readonly RegExp[] = [
  /^(?:tin liên quan|tin cùng chuyên mục|bài viết liên quan|bài liên quan|các tin khác|tin khác|tin mới hơn|tin cũ hơn|tin mới|tin đã đưa|xem thêm|đọc thêm|có thể bạn quan tâm|tin nổi bật|tin đọc nhiều|đọc nhiều nhất|tin xem nhiều)\s*:?$/iu,
  /^(?:source link|leave a reply|related posts?|you may also like|read more)$/iu,
  /^(?:bình luận|ý kiến bạn đọc|gửi bình luận|viết bình luận|ý kiến của bạn|đóng góp ý kiến(?: cho tin bài)?)\s*:?$/iu,
  /^(?:từ khóa|từ khoá|tags?)\s*:/iu,
  /^(?:liên kết website|thăm dò ý kiến.*|đánh giá của bạn.*|thống kê truy cập|thông tin truy cập)$/iu,
];

/**
 * A portal's closing footer: who runs the site, its licence and copyright, and the contact lines around
 * them. IDENTITY lines never belong to an article; CONTACT lines can ("Điện thoại: 1900…" of a new public
 * service), so they go only when they stand in the same trailing run as an identity line.
 */
export const SITE_IDENTITY =
  /^(?:©|\(c\)|copyright\b|bản quyền\b|cơ quan chủ quản\b|(?:người |chịu )?trách nhiệm (?:nội dung|xuất bản)\b|trưởng ban biên tập\b|tổng biên tập\b|giấy phép(?: (?:thiết lập|xuất bản|hoạt động))?(?: trang thông tin điện tử| báo điện tử)?(?: tổng hợp)? số\b|ghi rõ nguồn\b)/iu;
export const SITE_CONTACT =
  /^(?:địa chỉ|trụ sở|điện thoại|đt|tel|hotline|đường dây nóng|fax|e-?mail|website)\s*:/iu;

// The pieces of a dateline, in the order portals print them.
const DATELINE_LABEL = String.raw`(?:(?:cập nhật(?: lúc| ngày)?|ngày cập nhật|ngày đăng|đăng(?: lúc| ngày)?|ngày xuất bản|thời gian(?: đăng)?)\s*:?\s*)`;
const WEEKDAY = String.raw`(?:(?:thứ (?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ nhật)\s*,?\s*)`;
const CLOCK = String.raw`\d{1,2}:\d{2}(?::\d{2})?`;
const DATE = String.raw`(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s*,?\s+năm\s+\d{4})`;
const DATELINE_CORE = String.raw`${DATELINE_LABEL}?${WEEKDAY}?(?:${CLOCK}\s*(?:[-|,]\s*)?)?(?:ngày\s+)?${DATE}(?:\s*(?:[-|,]\s*)?${CLOCK})?(?:\s*\(?(?:GMT|UTC)\s*[+-]\s*\d{1,2}\)?)?`;

/**
 * A portal's dateline, maybe glued in front of the title: "19/04/2023 | lượt xem: 5", "10:32 25/11/2022 |
 * Lượt xem : 869", "Cập nhật lúc: 08:15 - 20/01/2025", "Ngày đăng: 20/01/2025", "Thứ Hai, 20/01/2025 08:15
 * (GMT+7)", "ngày 12 tháng 3 năm 2025". (A place in front, "Sơn La, ngày …", is read by readDateline.)
 */
export const DATELINE = new RegExp(
  String.raw`^${DATELINE_CORE}\s*(?:\|\s*)?(?:lượt xem\s*:?\s*[\d.,]+\s*)?(?:\|\s*)?`,
  "iu",
);

/**
 * A dateline after the label of the site or section that printed it, on a line of its own: "Cổng thông tin
 * điện tử tỉnh Lâm Đồng — Cập nhật ngày 12 tháng 1 năm 2026", "Tin tức | 20/01/2025 08:15", "Đắk Nông |
 * 16/01/2025 | Nguồn: Sở Nội vụ". The label is a few words, not a sentence; at most one short segment
 * (the source, a counter) follows the date.
 */
/**
 * The place an official letter or a wire story is written from, in front of its date: "Sơn La, ngày 12
 * tháng 3 năm 2025", "Bình Định, 22/01/2025 — …". Case matters (a place is capitalised), so it is kept out
 * of the case-insensitive DATELINE.
 */
export const DATELINE_PLACE =
  /^\p{Lu}[\p{L}\p{M}.]*(?:\s+\p{Lu}[\p{L}\p{M}.]*){0,4}\s*,\s*(?=(?:[Nn]gày\s+)?\d)/u;

export const LABELLED_DATELINE = new RegExp(
  String.raw`^[\p{L}\p{N}.&()]+(?:\s+[\p{L}\p{N}.&()]+){0,9}\s+[—–|·-]\s+${DATELINE_CORE}(?:\s+[—–|·]\s+[^|—–·]{1,80})?\s*$`,
  "iu",
);

/** "Nguồn tin: baohungyen.vn", "Nguồn Quảng Bình: https://…", "Nguồn: …": the source credit that closes a story. */
export const SOURCE_CREDIT = /(?:^|\s)Nguồn(?: tin)?(?: [^\s:][^:\n]{0,40})?\s*:\s*([^\n]{1,200})$/mu;
