import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderAnswerText } from "../../../src/cli/render-answer.ts";
import type { Answer } from "../../../src/core/answer/answer.ts";
import { detectLanguage } from "../../../src/core/answer/answer.ts";
import type { Library } from "../../../src/core/library.ts";
import { openSeedLibrary } from "../../helpers/seed-library.ts";

let seeded: Awaited<ReturnType<typeof openSeedLibrary>>;
let library: Library;
beforeAll(async () => {
  seeded = await openSeedLibrary();
  library = seeded.library;
});
afterAll(() => seeded.close());

function citedNumbers(answer: Answer): number[] {
  return answer.parts.flatMap((part) => part.citations);
}

describe("search-only answers", () => {
  it("quotes the sentence that holds the figure, not a whole passage", async () => {
    const answer = await library.ask("Chỉ số PAR INDEX 2023 của Quảng Bình?");
    expect(answer.abstained).toBe(false);
    const first = answer.parts[0];
    expect(first?.text).toContain("86,06 điểm");
    expect(first?.text.split(/\s+/).length).toBeLessThan(80);
    expect(first?.citations).toEqual([1]);
    expect(answer.citations[0]).toMatchObject({ n: 1, articleId: "001_259d2cb143c2386b", date: "17/05" });
  });

  it("answers the same question typed without accents with the same figure", async () => {
    const answer = await library.ask("chi so par index 2023 cua quang binh");
    expect(renderAnswerText(answer)).toContain("86,06 điểm");
  });

  it("says plainly when the library does not answer, with no passages", async () => {
    for (const question of ["Giá vàng hôm nay bao nhiêu?", "gia vang hom nay"]) {
      const answer = await library.ask(question);
      expect(answer.abstained, question).toBe(true);
      expect(answer.citations).toEqual([]);
      expect(renderAnswerText(answer)).toMatch(/chưa có bài viết nào trả lời/);
    }
  });

  it("names what no article holds, and offers the closest articles as related, never as the answer", async () => {
    const cases = [
      { question: "Chỉ số PAR INDEX 2023 của Đà Nẵng là bao nhiêu?", missing: ["Đà Nẵng"] },
      { question: "chi so par index 2023 cua tinh dien bien dat bao nhieu diem", missing: ["Điện Biên"] },
      {
        question:
          "Chỉ số cải cách hành chính năm 2025 của các sở, ngành tỉnh Điện Biên đạt trung bình bao nhiêu điểm?",
        missing: ["Điện Biên", "2025"],
      },
      { question: "Nghị quyết 76 nói gì?", missing: ["Nghị quyết 76"] },
      { question: "Quyết định số 1291/QĐ-TTg quy định gì?", missing: ["Quyết định số 1291/QĐ-TTg"] },
      { question: "Bộ trưởng Nguyễn Văn An phát biểu gì về CCHC?", missing: ["Nguyễn Văn An"] },
      { question: "Chỉ số DTI của Quảng Bình năm 2023 là bao nhiêu?", missing: ["DTI"] },
      { question: "Chỉ số DDCI năm 2023 của Quảng Bình đạt bao nhiêu điểm?", missing: ["DDCI"] },
    ];
    for (const { question, missing } of cases) {
      const answer = await library.ask(question);
      expect(answer.abstained, question).toBe(true);
      expect(answer.citations, question).toEqual([]);
      expect(answer.missing, question).toEqual(missing);
      const text = renderAnswerText(answer);
      expect(text, question).toContain(`«${missing[0]}»`);
      expect(text, question).not.toMatch(/\[\d+\]/);
    }
    const related = await library.ask("Chỉ số PAR INDEX 2023 của Đà Nẵng là bao nhiêu?");
    expect(related.related?.[0]?.title).toMatch(/cải cách hành chính/i);
    expect(renderAnswerText(related)).toMatch(/Bài gần nhất/);
  });

  it("shortens a long sentence around what is asked (the code, the number), not around the question's words", async () => {
    const own = await openSeedLibrary();
    try {
      const filler =
        "bảo đảm hoạt động thông suốt, hiệu lực, hiệu quả, đáp ứng yêu cầu phục vụ người dân và doanh nghiệp, gắn với việc rà soát chức năng, nhiệm vụ của từng phòng chuyên môn, đơn vị sự nghiệp công lập trực thuộc, bố trí cán bộ đúng vị trí việc làm, nâng cao chất lượng đội ngũ, tăng cường kỷ luật, kỷ cương hành chính, đẩy mạnh ứng dụng công nghệ thông tin trong quản lý";
      const body = `Sở Nội vụ tỉnh Kon Tum yêu cầu các cơ quan, đơn vị tinh giản biên chế, sắp xếp tổ chức bộ máy tinh gọn, ${filler}, thực hiện theo Quyết định số 1234/QĐ-UBND và giảm 87 biên chế.`;
      await own.library.addDocument({
        bytes: Buffer.from(`Kon Tum tinh giản biên chế năm 2024\n\n${body}`),
        origin: "cli",
        originalName: "kon-tum.txt",
      });
      expect(body.split(/\s+/).length).toBeGreaterThan(90);
      const byCode = await own.library.ask("Kon Tum tinh giản biên chế theo văn bản số mấy?");
      expect(renderAnswerText(byCode)).toContain("1234/QĐ-UBND");
      const byNumber = await own.library.ask("Sở Nội vụ Kon Tum giảm bao nhiêu biên chế?");
      expect(renderAnswerText(byNumber)).toContain("87 biên chế");
      expect(byNumber.parts[0]?.text.split(/\s+/).length).toBeLessThanOrEqual(72);
    } finally {
      await own.close();
    }
  });

  it("does not pass off a figure of another year or index as the one asked", async () => {
    const otherYear = await library.ask("Chỉ số SIPAS năm 2024 của Quảng Bình đạt bao nhiêu phần trăm?");
    expect(otherYear).toMatchObject({ abstained: true, citations: [], missing: ["2024"] });
    expect(renderAnswerText(otherYear)).toMatch(/không nêu số liệu cho «2024»/);
    // "so với năm 2022" is a baseline, not the year the figure is for.
    const baseline = await library.ask("Cải cách thể chế của Quảng Bình năm 2023 giảm bao nhiêu bậc?");
    expect(renderAnswerText(baseline)).toContain("26 bậc");
    const asked = await library.ask("SIPAS 2023 của Quảng Bình đạt bao nhiêu phần trăm?");
    expect(renderAnswerText(asked)).toContain("83%");
  });

  it("still answers when what the question names is there, however it is written", async () => {
    for (const [question, fact] of [
      ["Công văn 5894 của Bộ Nội vụ truyền đạt ý kiến của ai?", "Phạm Thị Thanh Trà"],
      ["Kết luận số 40 nói về việc gì?", "40-KL/TW"],
      ["Quảng Bình xếp thứ mấy về SIPAS năm 2023?", "26/63"],
      ["Thủ tướng Phạm Minh Chính chủ trì phiên họp thứ mấy?", "phiên thứ 3"],
    ] as const) {
      const answer = await library.ask(question);
      expect(answer.abstained, question).toBe(false);
      expect(renderAnswerText(answer), question).toContain(fact);
    }
  });

  it("numbers sources in order of first use, and every [n] resolves to a listed real article", async () => {
    const questions = [
      "Ai chủ trì phiên họp thứ tư về cải cách thủ tục hành chính?",
      "tinh gian bien che vien chuc it nhat bao nhieu",
      "Cả nước có bao nhiêu tổ công nghệ số cộng đồng?",
      "Thủ tướng nói gì về CCHC?",
    ];
    for (const question of questions) {
      const answer = await library.ask(question);
      const used = [...new Set(citedNumbers(answer))];
      expect(used, question).toEqual(answer.citations.map((c) => c.n));
      expect(used).toEqual(used.map((_, i) => i + 1));
      for (const citation of answer.citations) {
        const article = library.article(citation.articleId);
        expect(article?.title).toBe(citation.title);
        expect(citation.chunkIds.every((id) => id.startsWith(`${citation.articleId}#`))).toBe(true);
        for (const chunkId of citation.chunkIds) expect(library.searchIndex.passage(chunkId)).not.toBeNull();
      }
    }
  });

  it("quotes only sentences that really are in the cited article", async () => {
    const answer = await library.ask("Bộ Nội vụ yêu cầu tỷ lệ tinh giản biên chế bao nhiêu?");
    for (const part of answer.parts) {
      const citation = answer.citations.find((c) => c.n === part.citations[0]);
      const body = library.article(citation?.articleId ?? "")?.body ?? "";
      for (const piece of part.text.replace(/^… | …$/g, "").split(" … ")) expect(body).toContain(piece);
    }
  });

  it("is byte-identical for the same question and library, also after a restart", async () => {
    const question = "Đã cấp bao nhiêu thẻ căn cước công dân gắn chíp?";
    const first = JSON.stringify(await library.ask(question));
    expect(JSON.stringify(await library.ask(question))).toBe(first);
    await seeded.closeKeepingData();
    const reopened = await openSeedLibrary({ dataDir: seeded.dataDir });
    expect(JSON.stringify(await reopened.library.ask(question))).toBe(first);
    seeded = reopened;
    library = reopened.library;
  });

  it("never quotes an article's own bracketed numbers, which would read as citations", async () => {
    const added = await library.addDocument({
      origin: "upload",
      bytes: Buffer.from(
        "Kon Tum công bố chỉ số hài lòng\n\nChỉ số hài lòng SIPAS năm 2024 của tỉnh Kon Tum đạt 88,4% [9], tăng 2,1% so với năm trước theo kết quả khảo sát [10].",
      ),
    });
    const answer = await library.ask("Chỉ số SIPAS 2024 của Kon Tum đạt bao nhiêu?");
    expect(renderAnswerText(answer)).toContain("88,4%");
    expect(answer.parts.map((part) => part.text).join(" ")).not.toMatch(/\[\d+\]/);
    await library.removeArticle(added.article.id);
  });

  it("labels English questions' sources in English", async () => {
    expect(detectLanguage("What is the PAR INDEX of Quang Binh?")).toBe("en");
    expect(detectLanguage("chi so par index cua quang binh")).toBe("vi");
    expect(detectLanguage("Chỉ số là gì")).toBe("vi");
  });
});
