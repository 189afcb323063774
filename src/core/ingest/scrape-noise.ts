/**
 * What web scraping leaves around an article, as data. Lines matching NOISE_LINES are dropped wherever
 * they are; a line matching END_OF_ARTICLE ends the article (everything after it is portal furniture:
 * comment forms, related-news lists, visitor statistics).
 */
export const NOISE_LINES: readonly RegExp[] = [
  /^lượt xem\s*:?\s*[\d.,]*$/iu,
  /^(?:lượt )?đánh giá\s*:.*$/iu,
  /^đánh giá\s*:?$/iu,
  /^mã xác thực/iu,
  /^\[ad_\d+\]$/iu,
  /^(?:notice|warning|deprecated|fatal error|parse error)\s*:.*\bon line \d+\.?$/iu,
  /^please enter your/iu,
  /^\d{1,3}(?:[.,]\d{3})*$/u, // a lone view/like/comment counter ("0", "365", "131.235")
  /^(?:chia sẻ|share|in bài|bản in|print|tweet|facebook|zalo|email|gửi email|quay lại|về đầu trang)$/iu,
  /^(?:thống kê|online|đang truy cập|tổng lượt truy cập|lượt truy cập|hôm nay|hôm qua)\s*:\s*[\d.,]*$/iu,
  /^[\d.,]+ người đã bình chọn$/iu,
  /^(?:font size|cỡ chữ|a\+|a-)$/iu,
];

export const END_OF_ARTICLE: readonly RegExp[] = [
  /^(?:tin liên quan|tin cùng chuyên mục|bài viết liên quan|các tin khác|tin khác|tin mới hơn|tin cũ hơn|xem thêm|có thể bạn quan tâm)\s*:?$/iu,
  /^(?:source link|leave a reply|related posts?|you may also like)$/iu,
  /^(?:bình luận|ý kiến bạn đọc|gửi bình luận|viết bình luận|đóng góp ý kiến(?: cho tin bài)?)\s*:?$/iu,
  /^(?:từ khóa|từ khoá|tags?)\s*:/iu,
  /^(?:liên kết website|thăm dò ý kiến.*|đánh giá của bạn.*)$/iu,
];

/** "19/04/2023 | lượt xem: 5", "10:32 25/11/2022 | Lượt xem : 869": a portal's dateline, maybe glued to the title. */
export const DATELINE =
  /^(?:\d{1,2}:\d{2}\s+)?\d{1,2}\/\d{1,2}\/\d{4}(?:\s+\d{1,2}:\d{2})?\s*(?:\|\s*)?(?:lượt xem\s*:?\s*[\d.,]+\s*)?(?:\|\s*)?/iu;

/** "Nguồn tin: baohungyen.vn", "Nguồn Quảng Bình: https://…", "Nguồn: …": the source credit that closes a story. */
export const SOURCE_CREDIT = /(?:^|\s)Nguồn(?: tin)?(?: [^\s:][^:\n]{0,40})?\s*:\s*([^\n]{1,200})$/mu;
