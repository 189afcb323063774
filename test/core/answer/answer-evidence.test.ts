import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderAnswerText } from "../../../src/cli/render-answer.ts";
import {
  lacksAskedRole,
  onlyDeputyOfAskedRole,
  onlyOppositeState,
} from "../../../src/core/answer/question-shape.ts";
import { AnswerService } from "../../../src/core/answer-service.ts";
import { openSeedLibrary, recordingLogger } from "../../helpers/seed-library.ts";

// Two provinces' reports of the same shape: the question names one of them.
const REPORTS = [
  [
    "Cà Mau: kết quả giải quyết hồ sơ 6 tháng đầu năm 2024",
    "Theo báo cáo của Văn phòng UBND tỉnh, từ ngày 01/01 đến ngày 30/6/2024, toàn tỉnh tiếp nhận 198.467 hồ sơ thủ tục hành chính. Tỷ lệ hồ sơ giải quyết trước và đúng hạn đạt 98,74%; số hồ sơ trễ hạn là 1.293 hồ sơ. 6 tháng đầu năm 2024, tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến toàn trình trên địa bàn tỉnh Cà Mau đạt 61,3%.",
  ],
  [
    "Hồ sơ trực tuyến toàn trình 7 tháng năm 2024 của tỉnh Gia Lai",
    "Trong 7 tháng đầu năm 2024, hệ thống thông tin giải quyết thủ tục hành chính tỉnh Gia Lai tiếp nhận 287.915 hồ sơ, trong đó có 163.248 hồ sơ trực tuyến toàn trình. Tuy nhiên, vẫn còn 2.164 hồ sơ trễ hạn, chủ yếu thuộc lĩnh vực đất đai.",
  ],
  [
    "Sơn La công bố Chỉ số cải cách hành chính năm 2025 của các sở, ban, ngành",
    "Ngày 12/3/2026, UBND tỉnh Sơn La ban hành Quyết định số 455/QĐ-UBND phê duyệt và công bố Chỉ số cải cách hành chính năm 2025 của các sở, ban, ngành và UBND cấp huyện của tỉnh Sơn La.\n\nKhối sở, ban, ngành có giá trị trung bình 84,9 điểm. Ba đơn vị dẫn đầu gồm:\n\nSở Khoa học và Công nghệ: 92,15 điểm;\n\nSở Tài chính: 91,02 điểm;\n\nBan Quản lý các khu công nghiệp: 90,40 điểm.\n\nKết quả Chỉ số là căn cứ để đánh giá, xếp loại tập thể và người đứng đầu các sở, ban, ngành năm 2025.",
  ],
  [
    "Tây Ninh: 71 xã, phường chính thức hoạt động sau sắp xếp",
    "Từ ngày 1/7/2025, 71 xã, phường của tỉnh Tây Ninh chính thức đi vào hoạt động. Trước sắp xếp, toàn tỉnh có 148 đơn vị hành chính cấp xã. Sau sắp xếp, Tây Ninh còn 71 đơn vị hành chính cấp xã, giảm 77 đơn vị. Đoàn công tác của tỉnh Bình Phước đã đến học tập kinh nghiệm tổ chức bộ máy.",
  ],
];

let seeded: Awaited<ReturnType<typeof openSeedLibrary>>;
let service: AnswerService;
beforeAll(async () => {
  seeded = await openSeedLibrary();
  for (const [title, body] of REPORTS)
    await seeded.library.addDocument({ bytes: Buffer.from(`${title}\n\n${body}`), origin: "cli" });
  service = new AnswerService({ library: seeded.library, llm: null, logger: recordingLogger() });
});
afterAll(() => seeded.close());

describe("an answer states what was asked, for what was named", () => {
  it("answers a province's figure from that province's article, not another's", async () => {
    const text = renderAnswerText(
      await service.ask("7 tháng đầu năm 2024 Gia Lai còn bao nhiêu hồ sơ trễ hạn?"),
    );
    expect(text).toContain("2.164");
    expect(text).not.toContain("1.293");
    const alone = renderAnswerText(await service.ask("Số hồ sơ trễ hạn của tỉnh Gia Lai là bao nhiêu?"));
    expect(alone).toContain("2.164");
    expect(alone).not.toContain("1.293");
  });

  it("answers 'which unit leads' with the list that names it, not the sentences that repeat the question", async () => {
    const answer = await service.ask(
      "Đơn vị nào dẫn đầu khối sở, ban, ngành trong Chỉ số cải cách hành chính năm 2025 của Sơn La?",
    );
    expect(answer.parts[0]?.text).toContain("Ba đơn vị dẫn đầu gồm: Sở Khoa học và Công nghệ: 92,15 điểm");
  });

  it("does not give one province's figure for another that its article merely mentions", async () => {
    const answer = await service.ask("Bình Phước sau sắp xếp còn bao nhiêu đơn vị hành chính cấp xã?");
    expect(answer.abstained).toBe(true);
    expect(answer.parts.map((part) => part.text).join(" ")).toBe(
      "Các bài trong thư viện không nêu số liệu cho «Bình Phước», nên chưa trả lời được câu hỏi này.",
    );
    const own = renderAnswerText(
      await service.ask("Tây Ninh sau sắp xếp còn bao nhiêu đơn vị hành chính cấp xã?"),
    );
    expect(own).toContain("71");
  });

  it("puts first the sentence that states the number asked for, in the unit asked", async () => {
    const answer = await service.ask("6 thang dau 2024 ca mau tiep nhan bao nhieu ho so thu tuc");
    expect(answer.parts[0]?.text).toContain("198.467");
  });

  it("does not answer 'how many' with sentences that hold no number but years", async () => {
    const answer = await service.ask("Chỉ số hài lòng SIPAS năm 2021 của Quảng Bình là bao nhiêu?");
    expect(answer.abstained).toBe(true);
    expect(renderAnswerText(answer)).toContain("không nêu số liệu");
  });

  it("does not take a deputy for the role asked about", async () => {
    const asked = "ai lam truong ban chi dao cai cach hanh chinh tinh quang binh";
    expect(onlyDeputyOfAskedRole("Đồng chí Phan Mạnh Hùng, Phó trưởng BCĐ CCHC tỉnh", asked)).toBe(true);
    expect(
      onlyDeputyOfAskedRole("Trần Thắng, Trưởng Ban Chỉ đạo và Phan Phong Phú, Phó Trưởng Ban", asked),
    ).toBe(false);
    expect(onlyDeputyOfAskedRole("Đồng chí Phan Mạnh Hùng, Phó trưởng BCĐ", "ai là phó trưởng ban")).toBe(
      false,
    );
    const answer = await service.ask(asked);
    expect(answer.parts[0]?.text).toContain("Trần Thắng");
    // The office is the one asked, with its level: "Chủ tịch UBND các huyện" is not the province's.
    const chair = "Ai là Chủ tịch UBND tỉnh Quảng Bình?";
    const districts = "Phan Mạnh Hùng, Phó Chủ tịch UBND tỉnh; các thành viên và Chủ tịch UBND các huyện.";
    expect(onlyDeputyOfAskedRole(districts, chair)).toBe(true);
    expect(onlyDeputyOfAskedRole("Trần Thắng, Chủ tịch UBND tỉnh, chủ trì.", chair)).toBe(false);
    expect((await service.ask(chair)).parts[0]?.text).toContain("Trần Thắng");
    // A sentence that names someone without the asked role at all is about someone else.
    expect(lacksAskedRole("Phan Mạnh Hùng dự hội nghị tại điểm cầu Quảng Bình.", chair)).toBe(true);
    expect(lacksAskedRole("Trần Thắng, Chủ tịch UBND tỉnh, chủ trì.", chair)).toBe(false);
  });

  it("does not take the state after a change for the state before it", () => {
    const asked = "ha tinh truoc sap xep co bao nhieu don vi hanh chinh cap xa";
    expect(onlyOppositeState("Sau sắp xếp, tỉnh Hà Tĩnh có 69 đơn vị hành chính cấp xã", asked)).toBe(true);
    expect(onlyOppositeState("Trước sắp xếp, Hà Tĩnh có 216 đơn vị hành chính cấp xã", asked)).toBe(false);
    expect(onlyOppositeState("Sau sắp xếp còn 69, trước sắp xếp có 216 đơn vị", asked)).toBe(false);
    expect(onlyOppositeState("Sau sắp xếp, tỉnh có 69 đơn vị", "Hà Tĩnh có bao nhiêu xã?")).toBe(false);
  });

  it("keeps the magnitude after the asked number when it shortens a long sentence", async () => {
    const answer = await service.ask("Bao nhiêu số thuê bao di động đã được làm sạch, đồng bộ thông tin?");
    expect(renderAnswerText(answer)).toContain("78 triệu");
  });
});
