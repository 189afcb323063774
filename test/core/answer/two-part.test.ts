import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderAnswerText } from "../../../src/cli/render-answer.ts";
import type { Answer } from "../../../src/core/answer/answer.ts";
import { mergePartAnswers, splitTwoPart } from "../../../src/core/answer/two-part.ts";
import { AnswerService } from "../../../src/core/answer-service.ts";
import { openSeedLibrary, recordingLogger } from "../../helpers/seed-library.ts";

let seeded: Awaited<ReturnType<typeof openSeedLibrary>>;
beforeAll(async () => {
  seeded = await openSeedLibrary();
});
afterAll(() => seeded.close());

describe("questions that ask two things", () => {
  it("splits only where a question word stands on both sides of the join", () => {
    expect(splitTwoPart("Ai chủ trì hội nghị ở Quảng Bình và ai chủ trì phiên họp của Chính phủ?")).toEqual([
      "Ai chủ trì hội nghị ở Quảng Bình",
      "ai chủ trì phiên họp của Chính phủ?",
    ]);
    expect(splitTwoPart("phien hop thu tu dien ra ngay nao, con phien hop thu hai la ngay nao")).toHaveLength(
      2,
    );
    expect(splitTwoPart("Cải cách hành chính và chuyển đổi số của tỉnh đạt kết quả gì?")).toHaveLength(1);
    expect(splitTwoPart("SIPAS và PAR INDEX 2022 cả nước đạt bao nhiêu?")).toHaveLength(1);
    // "còn" as "still", and "đầu" (beginning) is not "đâu" (where) when the question is written with accents.
    expect(splitTwoPart("7 tháng đầu năm 2024 Quảng Bình còn bao nhiêu hồ sơ trễ hạn?")).toHaveLength(1);
  });

  it("asks one question of each of two parallel items", () => {
    expect(splitTwoPart("PAR INDEX 2023 của Phú Thọ và của Tây Ninh xếp thứ mấy?")).toEqual([
      "PAR INDEX 2023 của Phú Thọ xếp thứ mấy?",
      "PAR INDEX 2023 của Tây Ninh xếp thứ mấy?",
    ]);
    expect(splitTwoPart("SIPAS của Cà Mau năm 2023 và năm 2024 lần lượt đạt bao nhiêu?")).toEqual([
      "SIPAS của Cà Mau năm 2023 đạt bao nhiêu?",
      "SIPAS của Cà Mau năm 2024 đạt bao nhiêu?",
    ]);
    // The question before the items, the second item running to the end.
    expect(splitTwoPart("Sở nào dẫn đầu DDCI 2024 của Phú Thọ và DDCI 2023 của Hậu Giang?")).toEqual([
      "Sở nào dẫn đầu DDCI 2024 của Phú Thọ",
      "Sở nào dẫn đầu DDCI 2023 của Hậu Giang",
    ]);
    expect(splitTwoPart("So sánh PAR INDEX 2023 của Quảng Bình và Quảng Ngãi")).toEqual([
      "So sánh PAR INDEX 2023 của Quảng Bình",
      "So sánh PAR INDEX 2023 của Quảng Ngãi",
    ]);
    // Two subjects with nothing before them, or items that do not start alike: one question.
    expect(splitTwoPart("Chỉ số CCHC và chỉ số hài lòng năm 2024 của Yên Bái?")).toHaveLength(1);
    expect(splitTwoPart("Số hồ sơ tiếp nhận và giải quyết đúng hạn năm 2024 là bao nhiêu?")).toHaveLength(1);
  });

  it("says a sentence that answers both parts once", () => {
    const citation = {
      n: 1,
      articleId: "a",
      chunkId: "a#0",
      chunkIds: ["a#0"],
      title: "PCI 2024",
      date: "06/05/2025",
      url: null,
      site: null,
    };
    const part = (text: string) => ({ text, citations: [1] });
    const answer = (...texts: string[]): Answer => ({
      question: "q",
      mode: "search-only",
      language: "vi",
      abstained: false,
      parts: texts.map(part),
      citations: [citation],
      hits: [],
      note: null,
      relevance: 1,
    });
    const merged = mergePartAnswers(
      "q",
      [
        answer("Tỷ lệ 29,1%.", "VCCI khảo sát 11.218 doanh nghiệp."),
        answer("VCCI khảo sát 11.218 doanh nghiệp."),
      ],
      ["a", "b"],
    );
    expect(merged.parts.map((p) => p.text)).toEqual(["Tỷ lệ 29,1%.", "VCCI khảo sát 11.218 doanh nghiệp."]);
    expect(merged.citations).toHaveLength(1);
  });

  it("answers each part from its own article, with one source list", async () => {
    const service = new AnswerService({ library: seeded.library, llm: null, logger: recordingLogger() });
    const answer = await service.ask(
      "Văn bản 5894/BNV-VP truyền đạt ý kiến của ai, và PAR INDEX 2023 của Quảng Bình đạt bao nhiêu điểm?",
    );
    const text = renderAnswerText(answer);
    expect(text).toContain("Phạm Thị Thanh Trà");
    expect(text).toContain("86,06 điểm");
    expect(answer.citations.map((citation) => citation.n)).toEqual([1, 2]);
    expect(new Set(answer.citations.map((citation) => citation.articleId)).size).toBe(2);
    expect(answer.parts.every((part) => part.citations.length > 0)).toBe(true);
  });

  it("says which part the library cannot answer, and answers the other", async () => {
    const service = new AnswerService({ library: seeded.library, llm: null, logger: recordingLogger() });
    const answer = await service.ask(
      "PAR INDEX 2023 của Quảng Bình đạt bao nhiêu điểm, còn Nghị quyết 76 nói gì?",
    );
    const text = renderAnswerText(answer);
    expect(answer.abstained).toBe(false);
    expect(text).toContain("86,06 điểm");
    expect(text).toContain("«còn Nghị quyết 76 nói gì?»".replace("còn ", ""));
  });
});
