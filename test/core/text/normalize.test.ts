import { describe, expect, it } from "vitest";
import { foldDiacritics, foldKey, toNfc } from "../../../src/core/text/normalize.ts";

describe("foldDiacritics", () => {
  it("removes tone and vowel marks and turns đ into d", () => {
    expect(foldDiacritics("Cải cách hành chính")).toBe("Cai cach hanh chinh");
    expect(foldDiacritics("Đổi mới, đột phá")).toBe("Doi moi, dot pha");
    expect(foldDiacritics("Nguyễn Xuân Phúc, Ủy ban")).toBe("Nguyen Xuan Phuc, Uy ban");
  });

  it("gives the same key to NFC and NFD spellings", () => {
    const nfd = "Quảng Bình".normalize("NFD");
    expect(nfd).not.toBe("Quảng Bình");
    expect(foldKey(nfd)).toBe(foldKey("Quảng Bình"));
    expect(toNfc(nfd)).toBe("Quảng Bình");
  });
});
