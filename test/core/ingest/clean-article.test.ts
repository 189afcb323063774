import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatArticleDate } from "../../../src/core/ingest/article-date.ts";
import { cleanArticle } from "../../../src/core/ingest/clean-article.ts";
import { prepareArticle } from "../../../src/core/ingest/ingest-article.ts";
import { asyncErrorCodeOf } from "../../helpers/errors.ts";
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

describe("cleanArticle removes furniture, never facts", () => {
  const lead =
    "Sáng ngày 12/3, Ủy ban nhân dân tỉnh tổ chức hội nghị sơ kết công tác cải cách hành chính quý I năm 2025 với sự tham dự của 120 đại biểu.";
  const second =
    "Theo báo cáo, tỉnh đã giải quyết 45.210 hồ sơ thủ tục hành chính, trong đó 98,7% đúng hạn, và cắt giảm 17 thủ tục không cần thiết.";
  const third =
    "Phát biểu kết luận, đồng chí Nguyễn Văn An, Phó Chủ tịch UBND tỉnh, đánh giá cao kết quả đạt được và yêu cầu các sở chia sẻ kinh nghiệm triển khai dịch vụ công trực tuyến.";
  const title = "Tỉnh sơ kết cải cách hành chính quý I năm 2025";

  it("removes a furniture phrase glued in front of a paragraph and keeps the paragraph", () => {
    const article = cleanArticle([title, `Đóng góp ý kiến ${lead}`, second, third].join("\n"));
    expect(article.body.split("\n\n")[0]).toBe(lead);
    expect(article.body).toContain(second);
    expect(article.body).toContain(third);
  });

  it("removes counters glued inside or in front of a sentence, keeping the sentence whole", () => {
    const glued = second.replace("98,7% đúng hạn,", "98,7% đúng hạn, Lượt xem: 1.234");
    const article = cleanArticle([title, `Lượt xem: 56 ${lead}`, glued, `${third} Online: 12`].join("\n"));
    expect(article.body).toBe([lead, second, third].join("\n\n"));
  });

  it("keeps the article's own words that portals also use as labels", () => {
    const words =
      "Người dân đánh giá: thủ tục nhanh hơn; nhiều đơn vị chia sẻ kinh nghiệm và 1.200 lượt truy cập dịch vụ công trực tuyến mỗi ngày được ghi nhận, đại biểu đóng góp ý kiến tại hội nghị.";
    const article = cleanArticle([title, lead, words].join("\n"));
    expect(article.body).toContain(words);
  });

  it("does not cut at a furniture heading within the first paragraphs or before a real paragraph", () => {
    const early = cleanArticle([title, lead, "Tin liên quan", second, third].join("\n"));
    expect(early.body).toBe([lead, second, third].join("\n\n"));

    const related = [
      "Tin liên quan",
      "Hà Tĩnh công bố chỉ số hài lòng năm 2024",
      "Nghệ An đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính",
    ];
    const later = cleanArticle(
      [title, lead, second, ...related, third, "Bình luận", "Họ và tên", "Gửi"].join("\n"),
    );
    expect(later.body).toBe([lead, second, third].join("\n\n"));
  });

  it("drops breadcrumbs, share bars and datelines of many shapes, reading the date", () => {
    for (const [dateline, date] of [
      ["Cập nhật lúc: 08:15 - 20/01/2025", { year: 2025, month: 1, day: 20 }],
      ["Thứ Hai, 20/01/2025 08:15 (GMT+7)", { year: 2025, month: 1, day: 20 }],
      ["Ngày đăng: 21/01/2025", { year: 2025, month: 1, day: 21 }],
    ] as const) {
      const article = cleanArticle(
        [
          "Trang chủ > Tin tức > Cải cách hành chính",
          title,
          dateline,
          "Chia sẻ | In bài | Gửi email",
          lead,
          second,
        ].join("\n"),
      );
      expect(article.title).toBe(title);
      expect(article.date).toEqual(date);
      expect(article.body).toBe([lead, second].join("\n\n"));
    }
  });

  it("reads a page copied whole: its search box is not the article, its dateline is written in words", () => {
    const article = cleanArticle(
      [
        "Đăng nhập | Đăng ký",
        "CỔNG THÔNG TIN ĐIỆN TỬ TỈNH YÊN BÁI",
        "Nhập từ khóa tìm kiếm...        [Tìm]",
        "Trang chủ > Tin tức",
        title,
        "Yên Bái, ngày 9 tháng 1 năm 2026",
        lead,
        second,
      ].join("\n"),
    );
    expect(article.title).toBe(title);
    expect(article.date).toEqual({ year: 2026, month: 1, day: 9 });
    expect(article.body).toBe([lead, second].join("\n\n"));
  });

  it("dates the article by its own dateline, not by the date bar at the top of the page", () => {
    const article = cleanArticle(
      [
        "Thứ Sáu, 09/01/2026 | Việt Trì 24°C, có mưa",
        "Đăng nhập | Đăng ký",
        title,
        "Thứ Ba, 12/03/2024 - 15:30",
        lead,
        second,
      ].join("\n"),
    );
    expect(article.title).toBe(title);
    expect(article.date).toEqual({ year: 2024, month: 3, day: 12 });
  });

  it("titles an official document by its kind and subject, and keeps its number and signer", () => {
    const article = cleanArticle(
      [
        "ỦY BAN NHÂN DÂN",
        "TỈNH PHÚ THỌ",
        "Số: 88/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Phú Thọ, ngày 4 tháng 2 năm 2025",
        "KẾ HOẠCH",
        "Tuyên truyền cải cách hành chính năm 2025",
        lead,
        second,
        "Nơi nhận:",
        "- Bộ Nội vụ (b/c);",
        "- Lưu: VT, NC.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Thanh Hải",
      ].join("\n"),
    );
    expect(article.title).toBe("Kế hoạch tuyên truyền cải cách hành chính năm 2025");
    expect(article.date).toEqual({ year: 2025, month: 2, day: 4 });
    // Its number and its signer are facts of the document; the distribution list is not.
    expect(article.body).toBe(
      [
        "Số: 88/KH-UBND",
        lead,
        second,
        "TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH Nguyễn Thanh Hải",
      ].join("\n\n"),
    );
  });

  it("takes a headline the document's structure marks, even one ending like a sentence", () => {
    const question = "Vì sao Chỉ số PAPI của tỉnh giảm 5 bậc?";
    const article = cleanArticle([question, `(YB) - ${lead}`, second].join("\n"), { title: question });
    expect(article.title).toBe(question);
    expect(article.titleDerived).toBe(false);
    expect(article.body).toBe([`(YB) - ${lead}`, second].join("\n\n"));
    // Without the hint the question-like headline is not a title line, and the title is derived.
    expect(cleanArticle([question, `(YB) - ${lead}`, second].join("\n")).title).not.toBe(question);
  });

  it("keeps a lead that starts with its own date", () => {
    const article = cleanArticle([title, `Ngày 20/01/2025, ${second}`, third].join("\n"));
    expect(article.body.startsWith("Ngày 20/01/2025, Theo báo cáo")).toBe(true);
  });
});

describe("a short notice is an article", () => {
  it("accepts a one-sentence notice and refuses what holds no sentence", async () => {
    const notice = await prepareArticle({
      bytes: Buffer.from(
        "Thông báo lịch tiếp công dân tháng 6\n\nỦy ban nhân dân tỉnh tiếp công dân định kỳ vào ngày 15/6/2025 tại trụ sở số 2 đường Lê Lợi.",
      ),
      origin: "cli",
    });
    expect(notice.body).toContain("15/6/2025");
    const oneLine = await prepareArticle({
      bytes: Buffer.from("Hội nghị cải cách hành chính tỉnh diễn ra ngày 5/6 tại Hà Tĩnh"),
      origin: "cli",
    });
    expect(oneLine.body).toBe("Hội nghị cải cách hành chính tỉnh diễn ra ngày 5/6 tại Hà Tĩnh");
    expect(
      await asyncErrorCodeOf(() =>
        prepareArticle({ bytes: Buffer.from("Họp giao ban\n\nSáng mai họp."), origin: "cli" }),
      ),
    ).toBe("TOO_SHORT");
  });
});
