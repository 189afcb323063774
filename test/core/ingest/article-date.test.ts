import { describe, expect, it } from "vitest";
import {
  formatArticleDate,
  parseFullDate,
  parseLeadDate,
  parseUrlDate,
  readDateline,
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

  it("reads full dates written in words as well as in figures, the first one in the text", () => {
    expect(parseFullDate("Ngày 28 tháng 11 năm 2023")).toEqual({ year: 2023, month: 11, day: 28 });
    expect(parseFullDate("cập nhật 7 tháng 2, năm 2026")).toEqual({ year: 2026, month: 2, day: 7 });
    expect(parseFullDate("ngày 5 tháng 6 năm 2024, hạn chót 30/9/2024")).toEqual({
      year: 2024,
      month: 6,
      day: 5,
    });
    expect(parseFullDate("hạn 30/9/2024, ký ngày 5 tháng 10 năm 2024")).toEqual({
      year: 2024,
      month: 9,
      day: 30,
    });
    expect(parseFullDate("ngày 31 tháng 13 năm 2024")).toBeNull();
  });

  it("reads a dateline with the place it was written from, or after the label of the site", () => {
    const dates: [string, number, number, number][] = [
      ["Sơn La, ngày 12 tháng 3 năm 2025", 2025, 3, 12],
      ["TP. Hồ Chí Minh, 02/10/2024", 2024, 10, 2],
      ["Thứ Hai, ngày 3 tháng 3 năm 2025", 2025, 3, 3],
      ["Cổng thông tin điện tử tỉnh Yên Bái — Cập nhật ngày 3 tháng 2 năm 2026", 2026, 2, 3],
      ["Tin tức | 20/01/2025 08:15", 2025, 1, 20],
      ["(Cập nhật: 14:20 | 03-04-2025)", 2025, 4, 3],
      ["Phú Thọ | 16/01/2025 | Nguồn: Sở Nội vụ tỉnh Phú Thọ", 2025, 1, 16],
      ["12/04/2025 | 16:20 GMT+7", 2025, 4, 12],
    ];
    for (const [line, year, month, day] of dates) {
      expect(readDateline(line), line).toEqual({ length: line.length, date: { year, month, day } });
    }
    // The dateline ends where the story or the rest of the line begins.
    const glued = "Cà Mau, 22/01/2025 — Sáng nay, UBND tỉnh họp";
    expect(glued.slice(readDateline(glued)?.length)).toBe("— Sáng nay, UBND tỉnh họp");
  });

  it("takes no dateline from a headline or a sentence that holds a date", () => {
    expect(readDateline("Kế hoạch số 35/KH-UBND ngày 08/01/2026 về cải cách hành chính")).toBeNull();
    expect(readDateline("theo đó, ngày 5/6/2024 tỉnh sẽ công bố")).toBeNull();
    // A long sentence before the separator is not a site's label.
    expect(
      readDateline("Tỉnh đã hoàn thành việc sắp xếp các đơn vị hành chính cấp xã theo kế hoạch — 20/01/2025"),
    ).toBeNull();
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
