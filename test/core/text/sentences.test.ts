import { describe, expect, it } from "vitest";
import { splitSentences } from "../../../src/core/text/sentences.ts";

describe("splitSentences", () => {
  it("splits at sentence ends followed by a capital", () => {
    expect(splitSentences("Hội nghị bắt đầu. Thủ tướng phát biểu! Ai chủ trì? Đồng chí Hùng.")).toEqual([
      "Hội nghị bắt đầu.",
      "Thủ tướng phát biểu!",
      "Ai chủ trì?",
      "Đồng chí Hùng.",
    ]);
  });

  it("never cuts inside a number, a code or an abbreviation", () => {
    const text =
      "PAR INDEX đạt 86,06 điểm, có 2.500 hồ sơ theo Văn bản số 5894/BNV-VP. TP. Hồ Chí Minh và TS. Nguyễn V. An tham dự. Kết thúc.";
    expect(splitSentences(text)).toEqual([
      "PAR INDEX đạt 86,06 điểm, có 2.500 hồ sơ theo Văn bản số 5894/BNV-VP.",
      "TP. Hồ Chí Minh và TS. Nguyễn V. An tham dự.",
      "Kết thúc.",
    ]);
  });

  it("keeps a sentence that ends with an ellipsis apart from the next", () => {
    expect(splitSentences("tăng cường giám sát… Thủ tướng giao nhiệm vụ.")).toHaveLength(2);
  });
});
