import { describe, expect, it } from "vitest";
import { translateQuery } from "../../../src/core/text/english-query.ts";
import { lexicon } from "../../helpers/seed-library.ts";

describe("English questions searched in Vietnamese", () => {
  it("translates domain terms, keeps names, numbers, codes and abbreviations, drops the rest", () => {
    expect(translateQuery("What was Quang Binh's PAR INDEX score in 2023?", lexicon.glossary)).toBe(
      "Quang Binh par index điểm 2023",
    );
    expect(
      translateQuery("Which minister's directions does document 5894/BNV-VP convey?", lexicon.glossary),
    ).toBe("bộ trưởng ý kiến chỉ đạo văn bản 5894/BNV-VP truyền đạt");
  });

  it("writes English dates the Vietnamese way", () => {
    expect(translateQuery("Who chaired the conference on March 18?", lexicon.glossary)).toBe(
      "ai chủ trì hội nghị 18/3",
    );
    expect(translateQuery("What happened on 3 February 2023?", lexicon.glossary)).toContain("3/2/2023");
  });
});
