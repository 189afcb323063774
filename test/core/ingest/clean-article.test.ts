import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatArticleDate } from "../../../src/core/ingest/article-date.ts";
import { cleanArticle } from "../../../src/core/ingest/clean-article.ts";
import { SEEDS_DIR } from "../../helpers/seed-library.ts";

const seed = (id: string) => readFileSync(join(SEEDS_DIR, `${id}.txt`), "utf8");
const clean = (id: string) => cleanArticle(seed(id));
const NUMBER = /\d+(?:[.,:/]\d+)*/g;

// Numbers that belong to page furniture, not to the article: view counters, poll counts, a PHP notice,
// the date line (kept as the date), an unrelated trailing title.
const FURNITURE_NUMBERS: Record<string, string[]> = {
  "000_0738db365ba21cff": [],
  "001_259d2cb143c2386b": ["374", "1931", "131.235", "343"],
  "002_f4df3c1bef3c757b": ["19/04/2023", "5", "2025", "2030"],
  "003_1f32e6038646cd85": ["0", "365", "2.1.1", "5777"],
  "004_a4fa72199e8d0831": ["10:32", "25/11/2022", "869"],
};

describe("cleanArticle on the seed articles", () => {
  it("keeps every number of the article body", () => {
    for (const [id, furniture] of Object.entries(FURNITURE_NUMBERS)) {
      const article = clean(id);
      const kept = `${article.title}\n${article.body}\n${article.url ?? ""}`;
      for (const number of seed(id).match(NUMBER) ?? []) {
        if (furniture.includes(number)) continue;
        expect(kept, `${id}: ${number}`).toContain(number);
      }
    }
  });

  it("000: drops a photo caption repeated twice, keeps the source link and dates the lead by the URL's month", () => {
    const article = clean("000_0738db365ba21cff");
    expect(article.title).toBe(
      "Tạo chuyển biến tích cực, nâng cao hiệu quả thực hiện nhiệm vụ cải cách hành chính năm 2023",
    );
    expect(
      article.body.match(
        /Đồng chí Phó Chủ tịch UBND tỉnh Phan Mạnh Hùng chủ trì hội nghị tại điểm cầu Quảng Bình\./g,
      ),
    ).toHaveLength(1);
    expect(article.url).toMatch(/^https:\/\/www\.baoquangbinh\.vn\/thoi-su\/202302\//);
    expect(article.site).toBe("baoquangbinh.vn");
    expect(article.date).toEqual({ year: 2023, month: 2, day: 3 });
    expect(article.body).not.toContain("Nguồn Quảng Bình");
  });

  it("001: removes view counters and portal furniture, and never invents a year", () => {
    const article = clean("001_259d2cb143c2386b");
    for (const noise of [
      "Lượt xem",
      "Đánh giá:",
      "Tin liên quan",
      "Mã xác thực",
      "Thống kê",
      "Online:",
      "bình chọn",
      "Liên kết website",
    ]) {
      expect(article.body).not.toContain(noise);
    }
    expect(article.body.trimEnd().endsWith("năm 2024.")).toBe(true);
    expect(article.date).toEqual({ year: null, month: 5, day: 17 });
    expect(formatArticleDate(article.date)).toBe("17/05");
    expect(article.titleDerived).toBe(true);
    expect(article.title.startsWith("Sáng ngày 17/5, Ban Chỉ đạo Cải cách hành chính tỉnh")).toBe(true);
  });

  it("002: separates the date line, the glued title and the lead; cuts the unrelated trailing title", () => {
    const article = clean("002_f4df3c1bef3c757b");
    expect(article.title).toBe("Hội nghị trực tuyến về cải cách thủ tục hành chính gắn với chuyển đổi số");
    expect(article.body.startsWith("Ngày 19/4, Ban Chỉ đạo")).toBe(true);
    expect(article.date).toEqual({ year: 2023, month: 4, day: 19 });
    expect(article.site).toBe("baohungyen.vn");
    expect(article.body).not.toContain("Nguồn tin");
    expect(article.body).not.toContain("Quyết định phê duyệt Đề án chuyển đổi số trong lĩnh vực nông nghiệp");
    expect(article.body).not.toContain("lượt xem");
  });

  it("003: removes ad markers, comment form, PHP notice, counters and the repeated title", () => {
    const article = clean("003_1f32e6038646cd85");
    expect(article.title).toBe(
      "Hội nghị trực tuyến đánh giá toàn diện công tác cải cách hành chính giai đoạn 2011-2020",
    );
    for (const noise of [
      "[ad_1]",
      "[ad_2]",
      "Source link",
      "LEAVE A REPLY",
      "Please enter",
      "Notice:",
      "amp_has_paired_endpoint",
    ]) {
      expect(article.body).not.toContain(noise);
    }
    expect(article.body).not.toContain(article.title);
    expect(article.body.split("\n\n")[0]?.startsWith("Chiều ngày 18/3")).toBe(true);
    expect(article.date).toEqual({ year: null, month: 3, day: 18 });
  });

  it("004: takes the printed date and the byline", () => {
    const article = clean("004_a4fa72199e8d0831");
    expect(article.title).toBe("Chỉ đạo quyết liệt thúc đẩy công tác cải cách hành chính");
    expect(article.date).toEqual({ year: 2022, month: 11, day: 25 });
    expect(article.author).toBe("Thanh Tuấn");
    expect(article.body).not.toMatch(/Thanh Tuấn\s*$/);
    expect(article.body).not.toContain("Lượt xem");
  });

  it("gives the same result for NFD input", () => {
    const id = "000_0738db365ba21cff";
    expect(cleanArticle(seed(id).normalize("NFD"))).toEqual(clean(id));
  });
});

describe("cleanArticle on other pages", () => {
  it("handles a WordPress page with share buttons, tags and related posts", () => {
    const raw = [
      "Tỉnh Nghệ An công bố Chỉ số hài lòng năm 2024",
      "12/03/2024 08:15",
      "Chia sẻ",
      "Sáng 12/3, UBND tỉnh công bố Chỉ số SIPAS năm 2024 đạt 85,3%, tăng 1,2% so với năm trước.",
      "Các sở, ngành đều được khảo sát với 12.345 phiếu hợp lệ.",
      "Từ khóa: CCHC, SIPAS",
      "Bài viết liên quan",
      "Một bài viết khác hoàn toàn",
    ].join("\n");
    const article = cleanArticle(raw);
    expect(article.title).toBe("Tỉnh Nghệ An công bố Chỉ số hài lòng năm 2024");
    expect(article.date).toEqual({ year: 2024, month: 3, day: 12 });
    expect(article.body).toContain("85,3%");
    expect(article.body).toContain("12.345 phiếu");
    expect(article.body).not.toMatch(/Chia sẻ|Từ khóa|Bài viết liên quan|bài viết khác/);
  });

  it("never takes a year from the article text when only day and month are printed", () => {
    const article = cleanArticle(
      "Tin hội nghị tổng kết\n\nChiều 28/12, tỉnh tổng kết công tác năm 2024 và triển khai kế hoạch năm 2025 với nhiều nhiệm vụ.",
    );
    expect(article.date).toEqual({ year: null, month: 12, day: 28 });
  });
});
