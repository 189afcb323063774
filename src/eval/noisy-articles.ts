import { seededRandom } from "../bench/synthetic-corpus.ts";

/**
 * Generated news articles wrapped in the furniture that scraping leaves, with the truth known: which
 * lines are the article, its numbers and names, its title and date, and every furniture string inserted.
 * Deterministic (a seed), never committed: the fidelity report (ingest-fidelity.ts) runs the real
 * ingestion on them. Two fixed samples: one to look at while improving the cleaner, one to report.
 */
export interface NoisyArticle {
  id: string;
  format: "text" | "html";
  fileName: string;
  raw: string;
  title: string;
  date: { year: number; month: number; day: number } | null;
  paragraphs: string[];
  numbers: string[];
  names: string[];
  /** Furniture strings inserted; none may reach a stored passage. */
  noise: string[];
}

export const TUNE_SAMPLE = { seed: 1001, count: 300 } as const;
export const HOLDOUT_SAMPLE = { seed: 2002, count: 300 } as const;

const PROVINCES = [
  "Quảng Bình",
  "Hà Tĩnh",
  "Nghệ An",
  "Kon Tum",
  "Đắk Nông",
  "Lào Cai",
  "Cà Mau",
  "Bắc Giang",
  "Phú Yên",
  "Tây Ninh",
];
const SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"];
const MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc"];
const GIVEN = [
  "An",
  "Bình",
  "Cường",
  "Dũng",
  "Hà",
  "Hùng",
  "Lan",
  "Long",
  "Mai",
  "Nam",
  "Phương",
  "Sơn",
  "Thắng",
  "Trà",
];
const ROLES = [
  "Chủ tịch UBND tỉnh",
  "Phó Chủ tịch UBND tỉnh",
  "Giám đốc Sở Nội vụ",
  "Trưởng Ban Chỉ đạo cải cách hành chính tỉnh",
  "Phó Giám đốc Sở Thông tin và Truyền thông",
];
const TOPICS = [
  "cải cách hành chính",
  "chuyển đổi số",
  "cải cách thủ tục hành chính",
  "xây dựng chính quyền điện tử",
  "thực hiện Đề án 06",
];

type Pick = <T>(items: readonly T[]) => T;

// Sentences of committee news; {n} numbers, {p} a percentage, {d} a decimal score, {r} a rank, {name},
// {role}, {province}, {topic}, {code} a document code are filled in per article.
const SENTENCES = [
  "Năm {y}, chỉ số cải cách hành chính (PAR INDEX) của tỉnh {province} đạt {d} điểm, xếp thứ {r} tỉnh, thành phố.",
  "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính (SIPAS) đạt {p}, tăng {d2} điểm phần trăm so với năm trước.",
  "Toàn tỉnh đã tiếp nhận {n} hồ sơ thủ tục hành chính, trong đó {p} hồ sơ được giải quyết đúng hạn và trước hạn.",
  "Tỷ lệ hồ sơ trực tuyến toàn trình đạt {p}, cao hơn mức bình quân chung của cả nước.",
  "Các sở, ngành đã rà soát, cắt giảm {n2} thủ tục hành chính và đơn giản hóa {n3} thủ tục khác.",
  "Phát biểu tại hội nghị, đồng chí {name}, {role}, đánh giá cao những kết quả đạt được và chia sẻ kinh nghiệm của các địa phương làm tốt.",
  "Đồng chí {name}, {role}, yêu cầu các đơn vị khẩn trương khắc phục hạn chế, hoàn thành trước ngày {dm}/{y}.",
  "Theo Văn bản số {code}, các cơ quan phải hoàn thành việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính trong quý {q}.",
  "Tỉnh đã kích hoạt {n} tài khoản định danh điện tử VNeID, đạt {p} chỉ tiêu được giao.",
  "Trung tâm Phục vụ hành chính công tỉnh {province} đã tiếp đón {n} lượt công dân đến giao dịch trong {q2} tháng đầu năm.",
  "Chỉ số PAPI năm {y} của tỉnh đạt {d} điểm, tăng {r2} bậc so với năm {y0}.",
  "Kinh phí thực hiện {topic} giai đoạn {y0}-{y} là {n} triệu đồng, chủ yếu từ ngân sách tỉnh.",
  "Hội nghị đã thảo luận, đóng góp ý kiến vào dự thảo kế hoạch {topic} năm {y1}.",
  "Đến nay, {n2} xã, phường, thị trấn đã triển khai dịch vụ công trực tuyến mức độ toàn trình.",
  "Ban Chỉ đạo đề ra {n2} nhiệm vụ trọng tâm, trong đó có {n3} nhiệm vụ về cải cách tổ chức bộ máy.",
];

function fill(template: string, pick: Pick, random: () => number, people: string[], year: number): string {
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const thousands = (n: number) => n.toLocaleString("de-DE"); // 45.210: Vietnamese thousands separator
  const decimal = (whole: number, digits = 2) =>
    `${whole},${String(int(0, 10 ** digits - 1)).padStart(digits, "0")}`;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    switch (key) {
      case "n":
        return thousands(int(1200, 98_000));
      case "n2":
        return String(int(12, 240));
      case "n3":
        return String(int(3, 60));
      case "p":
        return `${decimal(int(70, 99), 1)}%`;
      case "d":
        return decimal(int(78, 92));
      case "d2":
        return decimal(int(0, 5));
      case "r":
        return `${int(1, 63)}/63`;
      case "r2":
        return String(int(2, 12));
      case "y":
        return String(year);
      case "y0":
        return String(year - 1);
      case "y1":
        return String(year + 1);
      case "q":
        return pick(["I", "II", "III", "IV"]);
      case "q2":
        return String(int(3, 11));
      case "dm":
        return `${int(1, 28)}/${int(1, 12)}`;
      case "code":
        return `${int(100, 9999)}/${pick(["UBND-NC", "BNV-VP", "SNV-CCHC", "VPCP-KSTT"])}`;
      case "name":
        return pick(people);
      case "role":
        return pick(ROLES);
      case "province":
        return pick(PROVINCES);
      case "topic":
        return pick(TOPICS);
      default:
        return key;
    }
  });
}

/** Furniture that never belongs to an article. {k} is a counter. */
const LINES = [
  "Lượt xem: {k}",
  "Số lượt xem: {k}",
  "Online: {k}",
  "Đang truy cập: {k}",
  "Tổng lượt truy cập: {k}",
  "{k} bình luận",
  "Chia sẻ | In bài | Gửi email",
  "Facebook Zalo Twitter",
  "A- A A+",
  "Về đầu trang",
  "[ad_1]",
  "Mã xác thực",
  "Đánh giá:",
  "Trang chủ > Tin tức > Cải cách hành chính",
  "Trang chủ » Tin hoạt động",
];
/** Glued into a paragraph by a sloppy scrape. */
const GLUED = ["Lượt xem: {k}", "Đóng góp ý kiến", "Online: {k}", "[ad_2]"];
const HEADINGS = [
  "Tin liên quan",
  "Tin cùng chuyên mục",
  "Xem thêm",
  "Bình luận",
  "Từ khóa: CCHC, chuyển đổi số",
];
const FOOTER = [
  "Cơ quan chủ quản: Ủy ban nhân dân tỉnh",
  "Địa chỉ: Số {k} đường Trần Hưng Đạo",
  "Điện thoại: 0232.3822.{k}",
  "Bản quyền thuộc Cổng Thông tin điện tử tỉnh",
];

function counter(random: () => number): string {
  return String(Math.floor(random() * 99_000) + 10);
}

/** A deterministic sample of noisy articles. */
export function generateNoisyArticles(sample: { seed: number; count: number }): NoisyArticle[] {
  const random = seededRandom(sample.seed);
  const pick: Pick = (items) => items[Math.floor(random() * items.length)] as (typeof items)[number];
  const articles: NoisyArticle[] = [];
  for (let i = 0; i < sample.count; i++) articles.push(generateOne(`${sample.seed}-${i}`, random, pick));
  return articles;
}

function generateOne(id: string, random: () => number, pick: Pick): NoisyArticle {
  const year = 2019 + Math.floor(random() * 7);
  const people = Array.from({ length: 2 }, () => `${pick(SURNAMES)} ${pick(MIDDLE)} ${pick(GIVEN)}`);
  const province = pick(PROVINCES);
  const size = random();
  const paragraphCount = size < 0.08 ? 1 : size < 0.3 ? 2 : size < 0.9 ? 3 + Math.floor(random() * 5) : 12;
  const sentencesPer = paragraphCount === 1 ? 1 : 1 + Math.floor(random() * 3);
  const paragraphs = Array.from({ length: paragraphCount }, () =>
    Array.from({ length: sentencesPer }, () => fill(pick(SENTENCES), pick, random, people, year)).join(" "),
  );
  const date =
    random() < 0.9
      ? { year, month: 1 + Math.floor(random() * 12), day: 1 + Math.floor(random() * 28) }
      : null;
  const title = `${pick(["Hội nghị", "Tỉnh", "Sở Nội vụ", "UBND tỉnh"])} ${province} ${pick(["sơ kết", "tổng kết", "triển khai", "đánh giá"])} ${pick(TOPICS)} năm ${year}`;
  const truth = {
    id,
    title,
    date,
    paragraphs,
    numbers: [...new Set(paragraphs.join(" ").match(/\d+(?:[.,/]\d+)*%?/g) ?? [])],
    names: people.filter((name) => paragraphs.some((p) => p.includes(name))),
  };
  return random() < 0.5 ? asText(truth, random, pick) : asHtml(truth, random, pick);
}

type Truth = Omit<NoisyArticle, "format" | "fileName" | "raw" | "noise">;

const dd = (n: number) => String(n).padStart(2, "0");

function asText(truth: Truth, random: () => number, pick: Pick): NoisyArticle {
  const noise: string[] = [];
  const furniture = (template: string) => {
    const text = template.replace("{k}", counter(random));
    noise.push(text);
    return text;
  };
  const lines: string[] = [];
  if (random() < 0.5) lines.push(furniture(pick(LINES.slice(-2))));
  lines.push(truth.title);
  if (truth.date) {
    const { year, month, day } = truth.date;
    lines.push(
      pick([
        `${dd(day)}/${dd(month)}/${year} | Lượt xem: ${counter(random)}`,
        `Cập nhật lúc: 08:${dd(Math.floor(random() * 60))} - ${dd(day)}/${dd(month)}/${year}`,
        `Thứ Hai, ${dd(day)}/${dd(month)}/${year} 09:15 (GMT+7)`,
        `Ngày đăng: ${dd(day)}/${dd(month)}/${year}`,
      ]),
    );
  }
  if (random() < 0.5) lines.push(furniture(pick(LINES)));
  truth.paragraphs.forEach((paragraph, i) => {
    let line = paragraph;
    const roll = random();
    if (roll < 0.12) line = `${furniture(pick(GLUED))} ${line}`;
    else if (roll < 0.2) line = `${line} ${furniture(pick(GLUED))}`;
    lines.push(line);
    if (random() < 0.25 && i < truth.paragraphs.length - 1) lines.push(furniture(pick(LINES)));
  });
  if (random() < 0.7) {
    lines.push(furniture(pick(HEADINGS)));
    for (let k = 0; k < 2 + Math.floor(random() * 4); k++)
      lines.push(
        furniture(
          `${pick(["Hà Tĩnh", "Nghệ An", "Phú Yên"])} ${pick(["công bố", "đẩy mạnh", "triển khai"])} ${pick(TOPICS)} giai đoạn mới số {k}`,
        ),
      );
  }
  if (random() < 0.5) for (const line of FOOTER) lines.push(furniture(line));
  return { ...truth, format: "text", fileName: `${truth.id}.txt`, raw: lines.join("\n"), noise };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function asHtml(truth: Truth, random: () => number, pick: Pick): NoisyArticle {
  const noise: string[] = [];
  const furniture = (template: string) => {
    const text = template.replace("{k}", counter(random));
    noise.push(text);
    return escapeHtml(text);
  };
  const iso = truth.date ? `${truth.date.year}-${dd(truth.date.month)}-${dd(truth.date.day)}` : null;
  const visible = truth.date ? `${dd(truth.date.day)}/${dd(truth.date.month)}/${truth.date.year}` : "";
  const dateStyle = Math.floor(random() * 3);
  const meta =
    iso && dateStyle === 0 ? `<meta property="article:published_time" content="${iso}T08:00:00+07:00">` : "";
  const time = iso && dateStyle === 1 ? `<time datetime="${iso}T08:00:00+07:00">${visible}</time>` : "";
  const dateline = iso && dateStyle === 2 ? `<div class="date">Cập nhật lúc: 10:20 - ${visible}</div>` : "";
  const body = truth.paragraphs
    .map((paragraph) => {
      const glued = random() < 0.1 ? `${furniture(pick(GLUED))} ` : "";
      return `<p>${glued}${escapeHtml(paragraph)}</p>`;
    })
    .join("\n");
  const related = Array.from(
    { length: 3 },
    () =>
      `<li><a href="/tin/${counter(random)}">${furniture(`${pick(["Hà Tĩnh", "Nghệ An"])} đẩy mạnh ${pick(TOPICS)} số {k}`)}</a></li>`,
  ).join("");
  const tableLayout = random() < 0.3;
  const article = `<h1>${escapeHtml(truth.title)}</h1>${time}${dateline}
<div class="share">${furniture("Chia sẻ | In bài | Gửi email")}</div>
<div class="content">${body}</div>
<div class="tags">${furniture("Từ khóa: CCHC, chuyển đổi số")}</div>`;
  const main = tableLayout
    ? `<table width="100%"><tr><td width="20%"><ul><li><a href="/">Trang chủ</a></li><li><a href="/gt">Giới thiệu</a></li></ul></td><td>${article}</td></tr></table>`
    : `<article>${article}</article>`;
  const raw = `<!doctype html><html><head><meta charset="utf-8"><title>Cổng Thông tin điện tử tỉnh - ${escapeHtml(truth.title)}</title>${meta}</head>
<body><nav class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/tin">Tin tức</a></nav>
${main}
<aside class="related"><h3>${furniture("Tin liên quan")}</h3><ul>${related}</ul></aside>
<footer>${furniture("Cơ quan chủ quản: Ủy ban nhân dân tỉnh")} · ${furniture("Điện thoại: 0232.3822.{k}")}</footer>
</body></html>`;
  return { ...truth, format: "html", fileName: `${truth.id}.html`, raw, noise };
}
