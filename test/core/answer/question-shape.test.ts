import { describe, expect, it } from "vitest";
import { answerEvidence, questionShape } from "../../../src/core/answer/question-shape.ts";

describe("answerEvidence for a date question", () => {
  const question = "TTg yêu cầu ban hành KH CCHC năm 2023 trước ngày nào?";
  const shape = questionShape(question);

  it("wants a day the question does not already state", () => {
    expect(shape.date).toBe(true);
    expect(answerEvidence("Sớm ban hành kế hoạch CCHC năm 2023 (trước 15/2).", question, shape)).toBe(2);
    // The question's own year is not an answer to "ngày nào", and another year alone is weaker evidence.
    expect(answerEvidence("Nâng cao hiệu quả nhiệm vụ CCHC năm 2023.", question, shape)).toBe(0);
    expect(answerEvidence("Thực hiện CCHC năm 2022 còn hạn chế.", question, shape)).toBe(1);
  });

  it("wants the date attached to the document the question names, by type and number or by code", () => {
    const asked = "NQ 131/NQ-CP ban hành ngày nào?";
    const shape = questionShape(asked);
    expect(answerEvidence("(Nghị quyết số 131/NQ-CP ngày 06/10/2022).", asked, shape)).toBe(2);
    // Another document's date in the same sentence is weaker evidence.
    expect(
      answerEvidence("theo Nghị quyết số 131/NQ-CP và Quyết định 942/QĐ-TTg ngày 15/6/2021", asked, shape),
    ).toBe(1);
  });

  it("takes a year as the answer when a year is what is asked", () => {
    const asked = "Quảng Bình ban hành kế hoạch này vào năm nào?";
    expect(answerEvidence("Kế hoạch được ban hành năm 2021.", asked, questionShape(asked))).toBe(2);
  });
});

describe("answerEvidence for a quantity question", () => {
  it("wants the side of a change the question asks for ('còn bao nhiêu' is what remains)", () => {
    const question = "Nghệ An sau sắp xếp các sở còn bao nhiêu phòng chuyên môn?";
    const shape = questionShape(question);
    expect(shape.quantity).toEqual({ unit: "phong", change: "con" });
    expect(answerEvidence("các sở giảm từ 84 xuống còn 66 phòng chuyên môn", question, shape)).toBe(2);
    expect(answerEvidence("số phòng thuộc sở giảm 18 phòng, tương đương 21,4%", question, shape)).toBe(1);
  });

  it("does not count a year as the number asked for", () => {
    const question = "Chỉ số SIPAS năm 2021 của Quảng Bình là bao nhiêu?";
    const shape = questionShape(question);
    expect(answerEvidence("chương trình tổng thể giai đoạn 2021-2030", question, shape)).toBe(0);
    expect(answerEvidence("SIPAS của tỉnh đạt 82,5%", question, shape)).toBe(1);
  });
});

describe("answerEvidence for a date tied to something", () => {
  it("wants the date of the document the question names", () => {
    const question = "nghi quyet 131 cua chinh phu ban hanh ngay nao";
    const shape = questionShape(question);
    expect(answerEvidence("(Nghị quyết số 131/NQ-CP ngày 06/10/2022)", question, shape)).toBe(2);
    const other =
      "theo Nghị quyết số 131/NQ-CP của Chính phủ và các Quyết định số: 749/QĐ-TTg ngày 03 tháng 6 năm 2020; 942/QĐ-TTg ngày 15/6/2021";
    expect(answerEvidence(other, question, shape)).toBe(1);
  });

  it("wants the deadline's date for 'trước ngày nào'", () => {
    const question = "ke hoach cai cach hanh chinh nam 2023 phai ban hanh truoc ngay nao?";
    const shape = questionShape(question);
    expect(answerEvidence("sớm ban hành kế hoạch CCHC năm 2023 (trước 15/2)", question, shape)).toBe(2);
    expect(answerEvidence("Sáng ngày 17/5, Ban Chỉ đạo triển khai kế hoạch năm 2024", question, shape)).toBe(
      1,
    );
  });
});

describe("a 'how long' question", () => {
  it("asks for a quantity: a duration is a number", () => {
    const asked = "Doanh nghiệp nay phải đợi bao lâu?";
    const shape = questionShape(asked);
    expect(shape.quantity).not.toBeNull();
    expect(answerEvidence("rút ngắn xuống còn 15 ngày làm việc", asked, shape)).toBeGreaterThan(0);
    expect(answerEvidence("thời gian giải quyết được rút ngắn đáng kể", asked, shape)).toBe(0);
  });
});

describe("a 'which one' question", () => {
  it("reads the kind asked for with accents when the question has them", () => {
    expect(questionShape("Xã nào có mức hài lòng cao nhất?").which).toBe("xa");
    expect(questionShape("xa nao co muc hai long cao nhat").which).toBe("xa");
    expect(questionShape("Đơn vị nào dẫn đầu khối sở?").which).toBe("don vi");
    // "tiêu cực nào" asks which negative practices, not which "cục" (department).
    expect(questionShape("Thủ tướng muốn chấm dứt những biểu hiện tiêu cực nào?").which).toBeNull();
    // A role of some unit asks for a person.
    const role = questionShape("Phó Chủ tịch UBND tỉnh nào dự phiên họp?");
    expect(role.which).toBeNull();
    expect(role.person).toBe(true);
  });

  it("is answered by a sentence or a table cell that names one, not by a generic capitalised term", () => {
    const question = "Đơn vị nào dẫn đầu Chỉ số cải cách hành chính năm 2025 của tỉnh Sơn La?";
    const shape = questionShape(question);
    const evidence = (sentence: string) => answerEvidence(sentence, question, shape);
    expect(evidence("Ba đơn vị dẫn đầu gồm: Sở Tư pháp: 91,36 điểm; Sở Nội vụ: 90,84 điểm.")).toBe(2);
    expect(evidence("Thanh tra Chính phủ tiếp tục dẫn đầu khối bộ, ngành.")).toBe(2);
    expect(evidence("Xếp hạng: 1 · Đơn vị: Huyện Mộc Châu · Điểm: 88,1")).toBe(2);
    expect(
      evidence(
        "Ngày 14/3/2026, UBND tỉnh Sơn La ban hành Quyết định số 612/QĐ-UBND công bố Chỉ số năm 2025.",
      ),
    ).toBe(0);
    expect(evidence("Kết quả Chỉ số là căn cứ đánh giá người đứng đầu.")).toBe(0);
    // A person's name does not name a unit.
    expect(evidence("Quyết định do đồng chí Trần Quốc Bảo ký.")).toBe(0);
  });
});
