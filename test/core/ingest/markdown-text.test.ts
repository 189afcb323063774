import { describe, expect, it } from "vitest";
import { prepareArticle } from "../../../src/core/ingest/ingest-article.ts";
import { markdownToText, readMarkdown } from "../../../src/core/ingest/markdown-text.ts";

const ARTICLE = `# Giám đốc Sở Nội vụ: "Lấy sự hài lòng của người dân làm thước đo"

*Đăng ngày 30/06/2023 — Chuyên mục: Đối thoại*

**Năm 2022, Chỉ số cải cách hành chính (PAR INDEX) của thành phố đạt 84,37 điểm, xếp thứ 35/63.** Phóng viên đã trao đổi với bà Lê Thị Thu Hằng, Giám đốc Sở Nội vụ.

---

## Các chỉ tiêu chủ yếu

| Chỉ tiêu | Mục tiêu năm 2026 |
|---|---|
| Tỷ lệ hồ sơ trực tuyến toàn trình | 80% |

> Xem thêm [báo cáo đầy đủ](https://example.gov.vn/bao-cao) và ![ảnh](anh.png) tại \`cổng\`.

- **Trưởng ban:** ông Phạm Thành Trung, Chủ tịch UBND tỉnh;
`;

describe("Markdown articles", () => {
  it("are read without their marks: headings, emphasis, rules, links, table separators", () => {
    const text = markdownToText(ARTICLE);
    expect(text).not.toMatch(/[#*>]|\]\(|\|---/u);
    expect(text).toContain("Năm 2022, Chỉ số cải cách hành chính (PAR INDEX) của thành phố đạt 84,37 điểm");
    expect(text).toContain("Tỷ lệ hồ sơ trực tuyến toàn trình | 80%");
    expect(text).toContain("Xem thêm báo cáo đầy đủ và tại cổng.");
    expect(text).toContain("- Trưởng ban: ông Phạm Thành Trung, Chủ tịch UBND tỉnh;");
  });

  it("keep their heading as title, their dateline as date, and not the section beside the date", async () => {
    const prepared = await prepareArticle({
      bytes: Buffer.from(ARTICLE),
      origin: "cli",
      originalName: "phong-van.md",
    });
    expect(prepared.title).toBe('Giám đốc Sở Nội vụ: "Lấy sự hài lòng của người dân làm thước đo"');
    expect(prepared.date).toEqual({ year: 2023, month: 6, day: 30 });
    expect(prepared.body).not.toContain("Chuyên mục");
    expect(prepared.body).toContain("84,37 điểm");
  });

  it("take title and date from front matter, else from the one first-level heading", () => {
    const front = readMarkdown(
      '---\ntitle: "Yên Bái công bố SIPAS năm 2025"\ndate: 2026-01-09\ntags: [cchc]\n---\nNăm 2025, Chỉ số SIPAS của tỉnh đạt 86,2%.\n',
    );
    expect(front.title).toBe("Yên Bái công bố SIPAS năm 2025");
    expect(front.date).toEqual({ year: 2026, month: 1, day: 9 });
    expect(front.text).toBe("Yên Bái công bố SIPAS năm 2025\n\nNăm 2025, Chỉ số SIPAS của tỉnh đạt 86,2%.");

    const setext = readMarkdown("Vì sao Chỉ số PAPI giảm?\n========================\n\nNội dung bài viết.");
    expect(setext.title).toBe("Vì sao Chỉ số PAPI giảm?");
    expect(setext.text).not.toContain("=");
    // Two first-level headings: neither is the article's title.
    expect(readMarkdown("# Phần một\n\nA.\n\n# Phần hai\n\nB.").title).toBeNull();
  });
});
