import { describe, expect, it } from "vitest";
import { passageUnits } from "../../../src/core/answer/passage-units.ts";
import { chunkArticle } from "../../../src/core/ingest/chunk-article.ts";

describe("passage units: what an answer can quote on its own", () => {
  it("keeps a list with the sentence that introduces it, up to the item that ends the list", () => {
    const units = passageUnits(
      [
        "Khối huyện: điểm trung bình đạt 82,1. Ba đơn vị dẫn đầu gồm:",
        "Huyện Mù Cang Chải: 88,40 điểm;",
        "Thị xã Nghĩa Lộ: 87,95 điểm;",
        "Huyện Văn Chấn: 86,02 điểm.",
        "Đơn vị xếp cuối là huyện Trạm Tấu với 74,33 điểm.",
      ].join("\n"),
    );
    expect(units).toEqual([
      "Khối huyện: điểm trung bình đạt 82,1.",
      "Ba đơn vị dẫn đầu gồm: Huyện Mù Cang Chải: 88,40 điểm; Thị xã Nghĩa Lộ: 87,95 điểm; Huyện Văn Chấn: 86,02 điểm.",
      "Đơn vị xếp cuối là huyện Trạm Tấu với 74,33 điểm.",
    ]);
  });

  it("reads a table row cell by cell under its header, and never quotes the header alone", () => {
    const units = passageUnits(
      [
        "Kết quả chấm điểm như sau:",
        "Bảng 1. Điểm các lĩnh vực năm 2025",
        "Lĩnh vực | Năm 2024 | Năm 2025",
        "Cải cách thể chế | 8,10 | 8,45",
        "Cải cách tài chính công | 7,02 | 6,88",
      ].join("\n"),
    );
    expect(units).toEqual([
      "Kết quả chấm điểm như sau: Bảng 1. Điểm các lĩnh vực năm 2025; Lĩnh vực: Cải cách thể chế · Năm 2024: 8,10 · Năm 2025: 8,45; Lĩnh vực: Cải cách tài chính công · Năm 2024: 7,02 · Năm 2025: 6,88.",
    ]);
    // Past the items an introduction brings along, rows are units of their own, still under their header.
    const rows = Array.from({ length: 7 }, (_, i) => `Xã ${i + 1} | ${80 + i},5`);
    const long = passageUnits(["Các xã:", "Đơn vị | Điểm", ...rows].join("\n"));
    expect(long).toHaveLength(3);
    expect(long[2]).toBe("Đơn vị: Xã 7 · Điểm: 86,5");
  });

  it("repeats a table's header in a passage that starts inside the table", () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) =>
        `${i + 1} | Xã số ${i + 1} của huyện miền núi phía Bắc | ${(70 + i / 2).toFixed(2)} | tăng ${i % 5} bậc`,
    );
    const body = [
      "Bảng xếp hạng chỉ số hài lòng của các xã năm 2025:",
      "TT | Đơn vị | Điểm | Thứ hạng",
      ...rows,
    ].join("\n\n");
    const chunks = chunkArticle({ id: "t", title: "Xếp hạng SIPAS cấp xã", body });
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks.slice(1))
      expect(chunk.text.split("\n")[0]).toBe("TT | Đơn vị | Điểm | Thứ hạng");
    // Every row is still in exactly one passage's own rows (the header is the only repeat).
    const seen = chunks.flatMap((chunk) => chunk.text.split("\n").filter((line) => /^\d+ \|/u.test(line)));
    expect(new Set(seen).size).toBe(40);
  });
});
