import { describe, expect, it } from "vitest";
import { createTermAnalyzer } from "../../../src/core/text/search-terms.ts";
import { splitWords } from "../../../src/core/text/words.ts";
import { lexicon } from "../../helpers/seed-library.ts";

const analyze = createTermAnalyzer(lexicon);

describe("splitWords", () => {
  it("keeps numbers, decimals, codes and ranges whole", () => {
    const words = splitWords("đạt 86,06 điểm; 2.500 hồ sơ; 5894/BNV-VP; 131/NQ-CP; 2021-2026; 2,2 nghìn").map(
      (w) => w.text,
    );
    for (const whole of ["86,06", "2.500", "5894/BNV-VP", "131/NQ-CP", "2021-2026", "2,2"])
      expect(words).toContain(whole);
  });

  it("splits ordinary words glued by a hyphen", () => {
    expect(splitWords("kinh tế-xã hội").map((w) => w.text)).toEqual(["kinh", "tế", "xã", "hội"]);
  });
});

describe("term analysis", () => {
  it("gives an unaccented question the same folded terms as the accented text", () => {
    expect(analyze("cai cach hanh chinh").folded.sort()).toEqual(
      analyze("cải cách hành chính").folded.sort(),
    );
  });

  it("keeps the accented syllables as a second, exact space", () => {
    expect(analyze("Quảng Bình").exact).toEqual(["quảng", "bình"]);
    expect(analyze("quang binh").exact).toEqual([]);
  });

  it("reads a quarter in Roman numerals as in figures ('quý III/2024' meets 'quý 3 2024')", () => {
    const text = analyze("Tỷ lệ quý III/2024 và quý IV").folded;
    expect(text).toEqual(expect.arrayContaining(["3", "3/2024", "quy_4"]));
    expect(analyze("ty le quy 3 2024").folded).toEqual(expect.arrayContaining(["quy_3", "3"]));
    // Not inside a word or a name: "Quý Ông" keeps its letters.
    expect(analyze("giải Quý Ông").folded).not.toContain("1");
  });

  it("makes document codes findable whole and by their parts", () => {
    const terms = analyze("Văn bản số 5894/BNV-VP").folded;
    expect(terms).toEqual(expect.arrayContaining(["5894/bnv-vp", "5894", "bnv", "vp"]));
  });

  it("expands abbreviations in both directions to one concept", () => {
    for (const [short, long] of [
      ["CCHC", "cải cách hành chính"],
      ["UBND", "Ủy ban nhân dân"],
      ["BCĐ", "Ban Chỉ đạo"],
      ["PAR INDEX", "chỉ số cải cách hành chính"],
      ["SIPAS", "chỉ số hài lòng"],
    ] as const) {
      const concept = analyze(short).folded.find((term) => term.startsWith("="));
      expect(concept, short).toBeDefined();
      expect(analyze(long).folded, long).toContain(concept);
    }
  });

  it("drops stop words as single terms but keeps them before numbers", () => {
    const terms = analyze("kết quả của năm 2023").folded;
    expect(terms).not.toContain("cua");
    expect(terms).not.toContain("nam");
    expect(terms).toContain("nam_2023");
  });

  it("judges accented words as written: 'Đà' in Đà Nẵng is not the stop word 'đã'", () => {
    expect(analyze("Đà Nẵng").folded).toContain("da");
    expect(analyze("đã làm").folded).not.toContain("da");
  });

  it("treats % and 'phần trăm' alike", () => {
    expect(analyze("đạt 83%").folded).toContain("phan_tram");
    expect(analyze("bao nhiêu phần trăm").folded).toContain("phan_tram");
  });

  it("returns each term once", () => {
    const { folded } = analyze("cải cách, cải cách và cải cách");
    expect(new Set(folded).size).toBe(folded.length);
  });
});
