import { describe, expect, it } from "vitest";
import {
  formatArticleDate,
  parseLeadDate,
  parseUrlDate,
  resolveArticleDate,
} from "../../../src/core/ingest/article-date.ts";

describe("article dates", () => {
  it("reads the lead forms used by Vietnamese news", () => {
    expect(parseLeadDate("Chiều nay, 3/2, Ban Chỉ đạo")).toEqual({ year: null, month: 2, day: 3 });
    expect(parseLeadDate("Sáng ngày 17/5, Ban Chỉ đạo")).toEqual({ year: null, month: 5, day: 17 });
    expect(parseLeadDate("Ngày 19/4/2023, Ban Chỉ đạo")).toEqual({ year: 2023, month: 4, day: 19 });
    expect(parseLeadDate("Ban Chỉ đạo họp hôm qua")).toBeNull();
    expect(parseLeadDate("Ngày 45/13, không có thật")).toBeNull();
    expect(parseLeadDate("(Chinhphu.vn) - Sáng 17/5, Ban Chỉ đạo họp")).toEqual({
      year: null,
      month: 5,
      day: 17,
    });
    expect(parseLeadDate("QUẢNG BÌNH - Chiều ngày 18/3, hội nghị")).toEqual({
      year: null,
      month: 3,
      day: 18,
    });
    expect(parseLeadDate("Vào sáng ngày 17/5, Ban Chỉ đạo họp")).toEqual({ year: null, month: 5, day: 17 });
  });

  it("takes only the opening's date, not a deadline or a reference further on", () => {
    expect(parseLeadDate("Sở Nội vụ yêu cầu các đơn vị hoàn thành trước ngày 26/7/2023.")).toBeNull();
    expect(parseLeadDate("Hội nghị được tổ chức.\nNgày 19/4, Ban Chỉ đạo họp.")).toBeNull();
  });

  it("reads year and month from news URLs", () => {
    expect(parseUrlDate("https://www.baoquangbinh.vn/thoi-su/202302/tao-chuyen-bien-2206943/")).toEqual({
      year: 2023,
      month: 2,
    });
    expect(parseUrlDate("https://example.vn/2024/05/bai-viet.html")).toEqual({ year: 2024, month: 5 });
    expect(parseUrlDate("https://example.vn/bai-viet-2206943.html")).toBeNull();
  });

  it("uses the URL's year only when its month agrees with the lead", () => {
    const url = "https://example.vn/202302/bai/";
    expect(resolveArticleDate({ printed: null, lead: { year: null, month: 2, day: 3 }, url })).toEqual({
      year: 2023,
      month: 2,
      day: 3,
    });
    expect(resolveArticleDate({ printed: null, lead: { year: null, month: 12, day: 30 }, url })).toEqual({
      year: null,
      month: 12,
      day: 30,
    });
  });

  it("formats partial dates without inventing parts", () => {
    expect(formatArticleDate({ year: 2023, month: 2, day: 3 })).toBe("03/02/2023");
    expect(formatArticleDate({ year: null, month: 5, day: 17 })).toBe("17/05");
    expect(formatArticleDate(null)).toBe("");
  });
});
