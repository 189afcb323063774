import { describe, expect, it } from "vitest";
import { decodeText } from "../../../src/core/ingest/decode-text.ts";
import { errorCodeOf as errorCode } from "../../helpers/errors.ts";

describe("decodeText", () => {
  it("reads UTF-8 with and without a byte-order mark", () => {
    const text = "Cải cách hành chính";
    expect(decodeText(new TextEncoder().encode(text)).text).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])).text).toBe(text);
  });

  it("reads UTF-16 with a byte-order mark", () => {
    const text = "Thủ tục hành chính";
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])).text).toBe(
      text,
    );
  });

  it("reads legacy Windows-1258 Vietnamese text", () => {
    // "Cải cách hành chính" in Windows-1258: base letters followed by combining tone marks.
    const bytes = Buffer.from([
      0x43, 0x61, 0xd2, 0x69, 0x20, 0x63, 0xe1, 0x63, 0x68, 0x20, 0x68, 0xe0, 0x6e, 0x68, 0x20, 0x63, 0x68,
      0xed, 0x6e, 0x68,
    ]);
    const { text, encoding } = decodeText(bytes);
    expect(encoding).toBe("windows-1258");
    expect(text.normalize("NFC")).toBe("Cải cách hành chính");
  });

  it("refuses empty, binary and undecodable files with their own codes", () => {
    expect(errorCode(() => decodeText(new Uint8Array()))).toBe("EMPTY_FILE");
    expect(errorCode(() => decodeText(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02])))).toBe(
      "BINARY_FILE",
    );
    expect(errorCode(() => decodeText(Buffer.from([0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88])))).toBe(
      "NOT_UTF8",
    );
  });
});
