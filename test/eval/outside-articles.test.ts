import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkFixtures, loadOutsideArticles } from "../../src/eval/ingest-fidelity.ts";

// Round 4's 24 articles (HTML, browser copies, official letters, Markdown with front matter), written blind
// with their truth by a helper that never saw the code. The first run read 21/24 titles and 20/24 dates
// right (README, "Cleaning"); the rules since were written from what it got wrong, so this set is now a
// regression guard, not a measure.
const articles = loadOutsideArticles(fileURLToPath(new URL("../../eval/outside-4", import.meta.url)));

describe("round-4 outside articles", () => {
  it("keep every phrase their truth names, and drop every furniture string", async () => {
    const results = await checkFixtures(articles);
    expect(results).toHaveLength(24);
    expect(results.filter((result) => result.refused)).toEqual([]);
    expect(results.flatMap((result) => result.lostFacts)).toEqual([]);
    expect(results.flatMap((result) => result.keptFurniture)).toEqual([]);
  });

  it("read every title and date", async () => {
    const results = await checkFixtures(articles);
    expect(results.filter((result) => !result.titleRight).map((result) => result.file)).toEqual([]);
    expect(results.filter((result) => !result.dateRight).map((result) => result.file)).toEqual([]);
  });
});
