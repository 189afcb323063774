import { describe, expect, it } from "vitest";
import { keyCoverage, profileQuery } from "../../../src/core/search/relevance.ts";
import { createTermAnalyzer, termSet } from "../../../src/core/text/search-terms.ts";
import { lexicon } from "../../helpers/seed-library.ts";

const analyze = createTermAnalyzer(lexicon);
const profile = (question: string) => profileQuery(analyze(question), lexicon, () => 1, 100);
const terms = (text: string) => termSet(analyze(text));

describe("relevance with the synonym lexicon", () => {
  it("finds a question's words in another wording of their group, for less than the words themselves", () => {
    const question = profile("Hạn chót gộp cổng dịch vụ công là khi nào?");
    const same = keyCoverage(question, terms("Hạn chót gộp cổng dịch vụ công là quý I năm 2023"));
    const paraphrased = keyCoverage(question, terms("Chậm nhất quý I năm 2023 hợp nhất Cổng Dịch vụ công"));
    const unrelated = keyCoverage(question, terms("Cổng Dịch vụ công quốc gia có thêm 20 dịch vụ"));
    expect(same).toBe(1);
    expect(paraphrased).toBeGreaterThan(unrelated + 0.2);
    expect(paraphrased).toBeLessThan(same);
  });

  it("does not let one word of the text stand for two words of the question from the same group", () => {
    // "đạt" and "điểm" share a group; a text with "điểm" only must not get "đạt" for free.
    const question = profile("huyện đạt bao nhiêu điểm");
    const coverage = keyCoverage(question, terms("điểm cầu huyện"));
    const withBoth = keyCoverage(question, terms("huyện đạt 84 điểm"));
    expect(coverage).toBeLessThan(withBoth);
    expect(withBoth).toBe(1);
  });
});
