// The one place that renders user-supplied text (field names, filter tokens, option values) into a message.
// Never lets anything shaped like a key or a part of one through: long hex runs are removed before the text is cut.

/** Hex runs this long or longer may be (part of) a key; UUID segments (at most 12) and short words stay readable. */
const HEX_RUN = /[0-9a-fA-F]{13,}/g;

/**
 * `text` quoted for a message: hex runs of 13 or more characters replaced by `[hex]`, then cut to `max` characters,
 * control characters shown as \uXXXX. What is left can never hold more than 12 consecutive characters of a key.
 */
export function quoteUserText(text: string, max = 40): string {
  const redacted = text.replace(HEX_RUN, '[hex]');
  const cut = redacted.length > max ? `${redacted.slice(0, max)}...` : redacted;
  let visible = '';
  for (const c of cut) {
    const code = c.charCodeAt(0);
    const control = code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || (code >= 0xd800 && code < 0xe000);
    visible += control ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  }
  return `'${visible}'`;
}

/** `text` with every hex run that could be (part of) a key replaced by `[hex]`: for log lines of internal errors. */
export function redactKeyLike(text: string): string {
  return text.replace(HEX_RUN, '[hex]');
}

/** Control characters (C0, DEL, C1), line/paragraph separators and lone surrogates: refused in any string value. */
export function hasControlOrBrokenText(value: string, allowLayout = false): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (allowLayout && (c === 0x09 || c === 0x0a)) continue;
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029) return true;
    if (c >= 0xd800 && c < 0xdc00) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next < 0xe000)) return true;
      i += 1;
    } else if (c >= 0xdc00 && c < 0xe000) {
      return true;
    }
  }
  return false;
}
