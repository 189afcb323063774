import { describe, expect, it } from "vitest";
import { leadSummary } from "../../../src/core/digest/compose-digest.ts";

describe("extractive digest summaries", () => {
  it("takes the lead sentences that state facts, not a dateline or a photo caption, in article order", () => {
    const body = [
      "Thứ Hai, 24/11/2026 09:15",
      "Quang cảnh hội nghị.",
      "Sáng 24/11, UBND tỉnh Lâm Đồng tổ chức hội nghị sơ kết công tác cải cách hành chính năm 2026.",
      "Các đại biểu đã thảo luận về những khó khăn trong việc triển khai dịch vụ công trực tuyến ở cấp xã.",
      "Toàn tỉnh đã tiếp nhận 182.400 hồ sơ trực tuyến, đạt tỷ lệ 87,5%, tăng 12% so với năm trước.",
    ].join("\n");
    const summary = leadSummary(body);
    expect(summary.startsWith("Sáng 24/11, UBND tỉnh Lâm Đồng")).toBe(true);
    expect(summary).toContain("182.400 hồ sơ");
    expect(summary).not.toContain("Quang cảnh");
    expect(summary).not.toContain("09:15");
    expect(leadSummary(body)).toBe(summary);
  });
});
