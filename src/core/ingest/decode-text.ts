import { CchcError } from "../errors.ts";

const SAMPLE_BYTES = 8192;

/**
 * Turns the bytes of an uploaded or seed file into text. UTF-8 (with or without BOM) and UTF-16 with a
 * BOM are read as is; other bytes are tried as Windows-1258, the legacy Vietnamese code page, and kept
 * only if the result looks like Vietnamese text. Binary files are refused.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes.length === 0) throw new CchcError("EMPTY_FILE");
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: utf16(bytes.subarray(2), "utf-16le"), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: utf16(bytes.subarray(2), "utf-16be"), encoding: "utf-16be" };
  if (looksBinary(bytes)) throw new CchcError("BINARY_FILE", "control bytes in the first 8 KB");
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: "utf-8" };
  } catch {
    const text = new TextDecoder("windows-1258").decode(bytes);
    if (looksVietnamese(text)) return { text, encoding: "windows-1258" };
    throw new CchcError("NOT_UTF8", "neither valid UTF-8 nor plausible Windows-1258");
  }
}

function utf16(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be"): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (error) {
    throw new CchcError("NOT_UTF8", `invalid ${encoding}`, { cause: error });
  }
}

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    // Tab, LF, CR and form feed occur in text; other C0 controls do not.
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return control / sample.length > 0.02;
}

// Letters that exist only in Vietnamese among Latin scripts; a legacy-encoded Vietnamese text decoded with
// the right code page is full of them, a wrongly decoded one has almost none.
const VIETNAMESE_LETTERS = /[ăâđêôơưĂÂĐÊÔƠƯ]|[\u0300\u0301\u0303\u0309\u0323]/gu;

function looksVietnamese(text: string): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const vietnamese = text.normalize("NFD").match(VIETNAMESE_LETTERS)?.length ?? 0;
  return letters > 0 && vietnamese / letters > 0.03;
}
