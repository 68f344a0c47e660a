import { isDateFormat } from "../workbook/number-format";
import { XmlElement, parseXml } from "./xml-events";

/**
 * Which cell styles show a number as a date, as Excel decides it: by the number format of the
 * style's cellXfs entry (ECMA-376 Part 1, 18.8.30 lists the built-in ids), a custom format
 * being a date when its first section has date or time codes outside quotes, escapes and
 * brackets ([h] and [mm] elapsed time included; [Red], [$-409] not).
 */

/** Built-in formats that are dates or times: 14-22 and 45-47, and the East Asian 27-36, 50-58. */
const BUILTIN_DATES: ReadonlySet<number> = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Per cellXfs index: true when that style shows numbers as dates. */
export function dateStyles(stylesXml: Uint8Array | null, part: string): boolean[] {
  if (!stylesXml) return [];
  const custom = new Map<number, string>();
  const styles: boolean[] = [];
  let inCellXfs = 0;
  let depth = 0;
  parseXml(part, stylesXml, {
    open(e: XmlElement) {
      depth++;
      if (e.ns !== "main") return;
      if (e.local === "numFmt" && e.attributes.formatCode !== undefined) custom.set(Number(e.attributes.numFmtId), e.attributes.formatCode);
      else if (e.local === "cellXfs") inCellXfs = depth;
      else if (e.local === "xf" && inCellXfs && depth === inCellXfs + 1) {
        const id = Number(e.attributes.numFmtId ?? 0);
        const code = custom.get(id);
        styles.push(code !== undefined ? isDateFormat(code) : BUILTIN_DATES.has(id));
      }
    },
    close(e: XmlElement) {
      if (e.ns === "main" && e.local === "cellXfs") inCellXfs = 0;
      depth--;
    },
    text() {},
  });
  return styles;
}
