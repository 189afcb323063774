import { describe, expect, it } from "vitest";
import { mentionsOf, mentionText } from "../../../src/core/answer/mentions.ts";
import { lexicon } from "../../helpers/seed-library.ts";

const documentIn = (question: string) => {
  const [mention] = mentionsOf(question, lexicon);
  if (mention?.kind !== "document") throw new Error(`no document in ${question}`);
  return (text: string) => mention.test(mentionText(text));
};

describe("a document the question names", () => {
  it("is found by its number, with or without its code", () => {
    const asked = documentIn("Nghị định 107 quy định gì?");
    expect(asked("theo Nghị định số 107/2021/NĐ-CP ngày 6/12/2021")).toBe(true);
    expect(asked("theo Nghị định số 118/2025/NĐ-CP")).toBe(false);
  });

  it("must have the year the question gives: 107/2025 is not 107/2021", () => {
    const asked = documentIn("Nghị định 107/2025/NĐ-CP quy định những gì?");
    expect(asked("theo Nghị định số 107/2021/NĐ-CP ngày 6/12/2021")).toBe(false);
    expect(asked("Nghị định 107/2025/NĐ-CP có hiệu lực từ 1/7/2025")).toBe(true);
    expect(asked("Nghị định số 107/2025/NĐ-CP")).toBe(true);
  });
});

describe("which meeting of a series the question names", () => {
  const ordinalIn = (question: string) => {
    const mention = mentionsOf(question, lexicon).find((candidate) => candidate.kind === "ordinal");
    if (!mention) throw new Error(`no ordinal in ${question}`);
    return (text: string) => mention.test(mentionText(text));
  };

  it("is found written in words or in figures, and only as that meeting", () => {
    const fifth = ordinalIn("Phiên họp thứ năm của BCĐ CCHC Chính phủ bàn về nội dung gì?");
    expect(fifth("Ban Chỉ đạo tổ chức phiên họp thứ 5 vào ngày 12/3.")).toBe(true);
    expect(fifth("Ban Chỉ đạo tổ chức phiên thứ năm.")).toBe(true);
    expect(fifth("Ban Chỉ đạo tổ chức phiên họp thứ tư vào ngày 19/4.")).toBe(false);
    // A weekday is not a meeting: "thứ Năm" (Thursday) does not hold the fifth meeting.
    expect(fifth("Hội nghị diễn ra sáng thứ Năm, ngày 5/6.")).toBe(false);
    expect(ordinalIn("phien hop thu 3 dien ra ngay nao")("Phiên họp thứ ba diễn ra ngày 3/2.")).toBe(true);
  });
});

describe("a year the question names", () => {
  const yearIn = (question: string) => {
    const mention = mentionsOf(question, lexicon).find((candidate) => candidate.kind === "year");
    if (!mention) throw new Error(`no year in ${question}`);
    return (text: string) => mention.test(mentionText(text));
  };

  it("is held as a year or in a range, not inside a date", () => {
    const asked = yearIn("DDCI 2024 của Quảng Ninh, sở nào đứng đầu?");
    // The 2023 results, announced in 2024: the date is when, not which year's index.
    expect(asked("Chiều 26/3/2024, UBND tỉnh công bố DDCI năm 2023.")).toBe(false);
    expect(asked("Hạn gửi kế hoạch là 30-4-2024.")).toBe(false);
    expect(asked("Kết quả DDCI năm 2024 của tỉnh")).toBe(true);
    expect(yearIn("giai doan 2011 2020 ai chu tri")("giai đoạn 2011-2020")).toBe(true);
  });
});
