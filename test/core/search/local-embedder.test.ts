import { describe, expect, it } from "vitest";
import { cosine } from "../../../src/core/search/embedder.ts";
import { createLocalEmbedder } from "../../../src/core/search/local-embedder.ts";
import { lexicon } from "../../helpers/seed-library.ts";

const embedder = createLocalEmbedder(lexicon);
const embed = async (text: string) => (await embedder.embed([text]))[0] ?? [];
const similarity = async (a: string, b: string) => cosine(await embed(a), await embed(b));

describe("local embedder", () => {
  it("is deterministic, normalised and of the declared size", async () => {
    const [a, b] = await embedder.embed(["Chỉ số cải cách hành chính", "Chỉ số cải cách hành chính"]);
    expect(a).toEqual(b);
    expect(a).toHaveLength(embedder.dimensions);
    expect(Math.hypot(...(a ?? []))).toBeCloseTo(1, 5);
    expect(embedder.id).toMatch(/^local-hash-v\d+:384:[0-9a-f]{8}$/);
  });

  it("puts an unaccented question next to the accented one", async () => {
    // Not exactly 1: typed without accents, "cai" might be the stop word "cái", so it weighs a little less.
    expect(await similarity("cải cách thủ tục hành chính", "cai cach thu tuc hanh chinh")).toBeGreaterThan(
      0.97,
    );
    expect(await similarity("thủ tục hành chính", "thu tuc hanh chinh")).toBeCloseTo(1, 5);
  });

  it("puts a paraphrase closer than an unrelated sentence", async () => {
    const passage = "Ban Chỉ đạo tổ chức phiên họp thứ tư do Thủ tướng chủ trì.";
    const paraphrase = await similarity("cuộc họp của ban chỉ đạo do ai điều hành", passage);
    const unrelated = await similarity("giá vàng và lãi suất ngân hàng hôm nay", passage);
    expect(paraphrase).toBeGreaterThan(unrelated + 0.2);
  });

  it("links an abbreviation with its long form", async () => {
    const withAbbreviation = await similarity(
      "kết quả CCHC năm 2023",
      "kết quả cải cách hành chính năm 2023",
    );
    const without = await similarity("kết quả năm 2023", "kết quả cải cách hành chính năm 2023");
    expect(withAbbreviation).toBeGreaterThan(without);
  });
});
