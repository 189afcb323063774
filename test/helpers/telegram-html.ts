// Telegram's HTML parse mode: the tags it accepts and the entities it decodes.
const ALLOWED_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "blockquote",
  "tg-spoiler",
  "span",
  "tg-emoji",
]);

/** Checks a message as Telegram would: allowed tags only, balanced, entities valid, at most 4096 characters of text. */
export function validateTelegramHtml(html: string): string | null {
  const stack: string[] = [];
  let text = "";
  let i = 0;
  while (i < html.length) {
    const char = html[i];
    if (char === "<") {
      const match = /^<(\/?)([a-z-]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/.exec(html.slice(i));
      if (!match) return `unparsable tag at ${i}`;
      const [whole, closing, name = ""] = match;
      if (!ALLOWED_TAGS.has(name)) return `unsupported tag <${name}>`;
      if (closing) {
        if (stack.pop() !== name) return `unbalanced </${name}>`;
      } else {
        stack.push(name);
      }
      i += whole.length;
    } else if (char === "&") {
      const match = /^&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(html.slice(i));
      if (!match) return `bad entity at ${i}`;
      text += "x";
      i += match[0].length;
    } else if (char === ">") {
      return `raw > at ${i}`;
    } else {
      text += char;
      i++;
    }
  }
  if (stack.length > 0) return `unclosed <${stack.join(">, <")}>`;
  if (text.length > 4096) return `text of ${text.length} characters`;
  return null;
}
