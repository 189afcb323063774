import { describe, expect, it } from "vitest";
import { loadLexicon } from "../../../src/core/text/lexicon.ts";
import { expandShorthand, withBodyNames } from "../../../src/core/text/question-forms.ts";

const lexicon = loadLexicon();

describe("reading a typed question", () => {
  it("writes out phone shorthand, and reads 'th' as tháng only after a number", () => {
    expect(expandShorthand("TT PVHCC 7 th đầu năm 2024 tiếp nhận bn hs?", lexicon.shorthand)).toBe(
      "TT PVHCC 7 tháng đầu năm 2024 tiếp nhận bao nhiêu hồ sơ?",
    );
    expect(expandShorthand("SNV b/c kết quả ko đc chậm", lexicon.shorthand)).toBe(
      "SNV báo cáo kết quả không được chậm",
    );
    // Upper case is an abbreviation, and a code keeps its letters.
    expect(expandShorthand("KH 123/KH-UBND, NG và th", lexicon.shorthand)).toBe("KH 123/KH-UBND, NG và th");
  });

  it("searches an organisation named by abbreviation by its full name too", () => {
    expect(withBodyNames("PAR INDEX 2024 BYT đạt bao nhiêu điểm?", lexicon.abbreviations)).toBe(
      "PAR INDEX 2024 BYT đạt bao nhiêu điểm? (bộ y tế)",
    );
    // Typed in full already, or not an organisation: unchanged.
    expect(withBodyNames("BYT (Bộ Y tế) đạt bao nhiêu điểm?", lexicon.abbreviations)).toBe(
      "BYT (Bộ Y tế) đạt bao nhiêu điểm?",
    );
    expect(withBodyNames("CCHC năm 2024", lexicon.abbreviations)).toBe("CCHC năm 2024");
  });
});
