/**
 * Tag-level helpers for the writer, which splices rows into a sheet's XML text (reading goes
 * through saxes, xml-events.ts): start tags with their attributes decoded as XML says (line
 * ends normalized, predefined entities and character references), and escaping for output.
 * Anything else (a DTD, another entity) is UnsupportedXlsx, an XlsxError naming what it met.
 */

import { XlsxError } from "./limits";

/** XML the writer cannot edit safely; an XlsxError, so the user sees what and where. */
export class UnsupportedXlsx extends XlsxError {
  override name = "UnsupportedXlsx";
}

const NAMED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

export function decodeEntities(text: string): string {
  if (text.indexOf("&") < 0) return text;
  return text.replace(/&([^;&<]*);|&/g, (all, name: string | undefined) => {
    if (name === undefined) throw new UnsupportedXlsx("a bare & in XML text");
    const named = NAMED[name];
    if (named !== undefined) return named;
    const m = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(name);
    if (!m) throw new UnsupportedXlsx(`the entity ${all}`);
    const code = m[1][0] === "x" ? parseInt(m[1].slice(1), 16) : parseInt(m[1], 10);
    if (!isXmlChar(code)) throw new UnsupportedXlsx(`the character reference ${all}`);
    return String.fromCodePoint(code);
  });
}

/** Character data as the parser reports it. */
export function xmlText(raw: string): string {
  if (raw.indexOf("<![CDATA[") >= 0 || raw.indexOf("<") >= 0) throw new UnsupportedXlsx("markup inside text");
  return decodeEntities(raw.indexOf("\r") >= 0 ? raw.replace(/\r\n?/g, "\n") : raw);
}

/** An attribute value as the parser reports it. */
export function xmlAttribute(raw: string): string {
  const spaced = /[\t\n\r]/.test(raw) ? raw.replace(/\r\n?/g, "\n").replace(/[\t\n\r]/g, " ") : raw;
  return decodeEntities(spaced);
}

export interface Tag {
  name: string;
  attributes: Record<string, string>;
  selfClosing: boolean;
  /** Index just past the tag's ">". */
  end: number;
}

/** The start tag at `at` (which holds "<"), or null when the text ends inside it. */
export function readTag(text: string, at: number): Tag | null {
  let i = at + 1;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62) break;
    i++;
  }
  if (i >= n) return null;
  const name = text.slice(at + 1, i);
  const attributes: Record<string, string> = {};
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) return null;
    const c = text.charCodeAt(i);
    if (c === 62) return { name, attributes, selfClosing: false, end: i + 1 };
    if (c === 47) {
      if (i + 1 >= n) return null;
      if (text.charCodeAt(i + 1) !== 62) throw new UnsupportedXlsx(`a malformed tag <${name}>`);
      return { name, attributes, selfClosing: true, end: i + 2 };
    }
    const eq = text.indexOf("=", i);
    if (eq < 0) return null;
    const attr = text.slice(i, eq).trim();
    let q = eq + 1;
    while (q < n && isSpace(text.charCodeAt(q))) q++;
    if (q >= n) return null;
    const quote = text[q];
    if (quote !== '"' && quote !== "'") throw new UnsupportedXlsx(`an unquoted attribute in <${name}>`);
    const close = text.indexOf(quote, q + 1);
    if (close < 0) return null;
    if (attr in attributes) throw new UnsupportedXlsx(`attribute ${attr} twice in <${name}>`);
    attributes[attr] = xmlAttribute(text.slice(q + 1, close));
    i = close + 1;
  }
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Every start tag named `name` in a small document, in order. */
export function tagsNamed(text: string, name: string): Tag[] {
  const out: Tag[] = [];
  const open = `<${name}`;
  for (let at = text.indexOf(open); at >= 0; at = text.indexOf(open, at + 1)) {
    const after = text.charCodeAt(at + open.length);
    if (!(isSpace(after) || after === 47 || after === 62)) continue;
    const tag = readTag(text, at);
    if (!tag) throw new UnsupportedXlsx(`an unfinished <${name}>`);
    out.push(tag);
  }
  return out;
}

/** Text escaped for XML content or a double-quoted attribute; characters XML cannot hold are dropped, as ExcelJS does. */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[<>&"'\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uD800-\uDFFF\uFFFE\uFFFF]/.test(text)) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 60) out += "&lt;";
    else if (c === 62) out += "&gt;";
    else if (c === 38) out += "&amp;";
    else if (c === 34) out += "&quot;";
    else if (c === 39) out += "&apos;";
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      out += text[i] + text[i + 1];
      i++;
    } else if (c === 0x7f || (c < 0x20 && c !== 9 && c !== 10 && c !== 13) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) {
      // dropped
    } else out += text[i];
  }
  return out;
}
