import type { Article } from "../core/store/library-store.ts";
import { splitSentences } from "../core/text/sentences.ts";

/** A small deterministic PRNG (mulberry32), so every benchmark run uses the same corpus. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROVINCES = [
  "Quảng Bình",
  "Hưng Yên",
  "Nghệ An",
  "Thanh Hóa",
  "Đà Nẵng",
  "Cần Thơ",
  "Lào Cai",
  "Bình Định",
  "Kon Tum",
  "Bắc Ninh",
];

/**
 * Articles made from the seeds' sentences, shuffled, with numbers and place names varied, so that the
 * vocabulary and sentence shapes are those of real committee news. About `targetChunks` chunks result.
 */
export function syntheticArticles(seeds: readonly Article[], targetChunks: number, seed = 42): Article[] {
  const random = seededRandom(seed);
  const sentences = seeds.flatMap((article) => article.body.split("\n\n").flatMap((p) => splitSentences(p)));
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const vary = (sentence: string) =>
    sentence
      .replace(/\d+/g, (digits) => String(Math.floor(random() * 10 ** Math.min(digits.length, 4))))
      .replace(/Quảng Bình|Hưng Yên/g, () => pick(PROVINCES));
  // Each article is 9 sentences (~330 words), which the chunker cuts into about 3.3 chunks.
  const articleCount = Math.max(1, Math.round(targetChunks / 3.3));
  return Array.from({ length: articleCount }, (_, i) => {
    const paragraphs = Array.from({ length: 3 }, () =>
      Array.from({ length: 3 }, () => vary(pick(sentences))).join(" "),
    );
    const body = paragraphs.join("\n\n");
    return {
      id: `syn_${String(i).padStart(7, "0")}`,
      title: `Tin cải cách hành chính ${pick(PROVINCES)} số ${i}`,
      body,
      date: { year: 2020 + (i % 5), month: 1 + (i % 12), day: 1 + (i % 28) },
      url: null,
      site: null,
      author: null,
      contentHash: `syn-${i}`,
      origin: "cli",
      originalName: null,
      addedAt: "2024-01-01T00:00:00.000Z",
    } satisfies Article;
  });
}
