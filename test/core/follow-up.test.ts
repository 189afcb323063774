import { describe, expect, it } from "vitest";
import {
  leansOnPrevious,
  namesEntity,
  refersBack,
  rewriteFollowUpByRule,
  shouldMergeWithPrevious,
} from "../../src/core/follow-up.ts";
import { loadLexicon } from "../../src/core/text/lexicon.ts";

describe("leansOnPrevious", () => {
  it.each([
    ["còn năm 2022 thì sao?", true],
    ["Vậy ai chủ trì?", true],
    ["con số đó tăng hay giảm?", true],
    ["hội nghị này diễn ra ở đâu", true],
    ["con nam 2022 thi sao", true],
    ["con so do tang hay giam", true],
    ["what about 2022?", true],
    // Without their accents these words are others: "hôm nay", "nhiệt độ", "hộ chiếu", "cho con".
    ["Giá vàng SJC hôm nay bao nhiêu?", false],
    ["nhiệt độ hôm nay bao nhiêu độ", false],
    ["hộ chiếu làm ở đâu", false],
    ["thủ tục đăng ký khai sinh cho con", false],
    ["gia vang hom nay", false],
    ["nhiet do ha noi", false],
  ])("%s → %s", (question, leans) => {
    expect(leansOnPrevious(question)).toBe(leans);
  });
});

describe("namesEntity", () => {
  it.each([
    ["Nghị quyết 76 nói gì?", true],
    ["nghi quyet so 76 noi gi", true],
    ["Văn bản 5894/BNV-VP yêu cầu gì?", true],
    ["Điện Biên đạt bao nhiêu điểm?", true],
    ["VNeID là gì?", true],
    ["ai chủ trì?", false],
    ["bao nhiêu điểm?", false],
    ["còn năm 2022 thì sao?", false],
  ])("%s → %s", (question, names) => {
    expect(namesEntity(question)).toBe(names);
  });
});

describe("shouldMergeWithPrevious", () => {
  const base = {
    explicit: false,
    leans: false,
    refersBack: false,
    namesEntity: false,
    contentWords: 2,
    ownRelevance: 0.6,
    minRelevance: 0.45,
    knownShare: 1,
    ownWords: 2,
    knownPairShare: 1,
  };
  it("merges a reply, a leaning question and an ellipsis; never an unknown subject or a new entity", () => {
    expect(shouldMergeWithPrevious({ ...base, explicit: true, knownShare: 0 })).toBe(true);
    expect(shouldMergeWithPrevious({ ...base, leans: true, contentWords: 6, ownWords: 6 })).toBe(true);
    expect(shouldMergeWithPrevious(base)).toBe(true);
    expect(shouldMergeWithPrevious({ ...base, contentWords: 3 })).toBe(false);
    expect(shouldMergeWithPrevious({ ...base, contentWords: 3, ownRelevance: 0.2 })).toBe(true);
    expect(shouldMergeWithPrevious({ ...base, leans: true, knownShare: 0.3 })).toBe(false);
    expect(shouldMergeWithPrevious({ ...base, namesEntity: true })).toBe(false);
    // "Dự báo thời tiết cuối tuần này thế nào?": leans on "này", but its own words are not the library's.
    const weather = { ...base, leans: true, contentWords: 8, ownWords: 8, knownPairShare: 0.1 };
    expect(shouldMergeWithPrevious(weather)).toBe(false);
    // "Ông ấy giữ chức vụ gì?": three words of its own besides "ấy", whatever its pairs.
    const office = { ...base, leans: true, contentWords: 4, ownWords: 3, knownPairShare: 0 };
    expect(shouldMergeWithPrevious(office)).toBe(true);
    // "tỷ lệ nộp trực tuyến?" after a question about Tây Ninh: names nothing, so it is asked of Tây Ninh —
    // unless its own words are not the library's ("công thức pha cà phê muối").
    const unanchored = { ...base, contentWords: 4, ownWords: 4, unanchored: true };
    expect(shouldMergeWithPrevious(unanchored)).toBe(true);
    expect(shouldMergeWithPrevious({ ...unanchored, knownPairShare: 0 })).toBe(false);
    expect(shouldMergeWithPrevious({ ...unanchored, contentWords: 7, ownWords: 7 })).toBe(false);
    // "Thế PCI 2024 của tỉnh đó bao nhiêu điểm?": many words of its own, and still about the previous turn.
    const pointing = { ...weather, refersBack: true, namesEntity: true, knownPairShare: 0 };
    expect(shouldMergeWithPrevious(pointing)).toBe(true);
    expect(shouldMergeWithPrevious({ ...pointing, knownShare: 0.3 })).toBe(false);
  });
});

describe("refersBack", () => {
  it("hears a noun with a demonstrative, typed with or without accents, but not a time word", () => {
    expect(refersBack("Thế PCI 2024 của tỉnh đó bao nhiêu điểm?")).toBe(true);
    expect(refersBack("van ban do do ai ky")).toBe(true);
    expect(refersBack("Hội nghị này do ai chủ trì?")).toBe(true);
    expect(refersBack("Dự báo thời tiết cuối tuần này thế nào?")).toBe(false);
    expect(refersBack("Năm nay tỉnh đặt mục tiêu gì?")).toBe(false);
    // Unaccented "nay" is also "now": "tinh nay" is not read as "tỉnh này".
    expect(refersBack("tinh nay dat bao nhieu diem")).toBe(false);
  });
});

describe("rewriteFollowUpByRule", () => {
  const previous = {
    question: "Tây Ninh đã kích hoạt bao nhiêu tài khoản định danh điện tử mức độ 2?",
    query: "Tây Ninh đã kích hoạt bao nhiêu tài khoản định danh điện tử mức độ 2?",
    answer: "… kích hoạt 742.516 tài khoản định danh điện tử mức độ 2 …",
    articleIds: [],
    at: 0,
  };
  it("carries only the name a 'tỉnh đó' points at, and the whole previous question for an ellipsis", () => {
    expect(rewriteFollowUpByRule("Thế PCI 2024 của tỉnh đó bao nhiêu điểm?", previous)).toBe(
      "Thế PCI 2024 của tỉnh đó bao nhiêu điểm? Tây Ninh",
    );
    // "ông ấy" points at someone the previous answer named: the previous question goes along whole.
    expect(rewriteFollowUpByRule("Ông ấy giữ chức vụ gì?", previous)).toContain("tài khoản định danh");
    // A new place replaces the old one, as a new number or ordinal does.
    const sipas = { ...previous, query: "chi so sipas lao cai 2023" };
    const places = loadLexicon().places;
    expect(rewriteFollowUpByRule("còn Đồng Tháp thì sao", sipas, places)).toBe(
      "còn Đồng Tháp thì sao chi so sipas 2023",
    );
    expect(rewriteFollowUpByRule("còn năm 2022 thì sao", sipas, places)).toContain("lao cai");
    // So does a new index.
    expect(rewriteFollowUpByRule("còn PAR INDEX?", sipas, places)).toBe("còn PAR INDEX? chi so lao cai 2023");
    const meeting = { ...previous, query: "Phiên họp thứ tư của BCĐ CCHC Chính phủ họp ngày nào?" };
    expect(rewriteFollowUpByRule("còn phiên thứ 3 họp ngày nào", meeting)).not.toContain("thứ tư");
    expect(rewriteFollowUpByRule("còn Bình Phước thì sao", previous)).toBe(
      "còn Bình Phước thì sao Tây Ninh đã kích hoạt bao nhiêu tài khoản định danh điện tử mức độ 2?",
    );
  });
});
