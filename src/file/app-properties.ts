import { escapeXml, xmlText } from "./xml-text";

/**
 * docProps/app.xml (ECMA-376 Part 1, 22.2 Extended Properties) lists the workbook's sheets for
 * file browsers and Excel's document properties: HeadingPairs holds groups (a name, localized by
 * the producer: "Worksheets", "Werkbladen", and a count) and TitlesOfParts the titles of every
 * group in that order. Sheets the writer adds join the group that lists exactly the workbook's
 * worksheets; where no group does (another producer's layout, a list already stale), the part is
 * left as it was: it is a description, which Excel rewrites on its next save, never read for data.
 */
export function withSheetsListed(xml: string, worksheets: readonly string[], added: readonly string[]): string | null {
  if (!added.length) return null;
  const pairsMatch = /<([A-Za-z_][\w.-]*:)?HeadingPairs\b[^>]*>([\s\S]*?)<\/\1?HeadingPairs>/.exec(xml);
  const titlesMatch = /<([A-Za-z_][\w.-]*:)?TitlesOfParts\b[^>]*>([\s\S]*?)<\/\1?TitlesOfParts>/.exec(xml);
  if (!pairsMatch || !titlesMatch) return null;
  const variants = [...pairsMatch[2].matchAll(/<([A-Za-z_][\w.-]*:)?variant>\s*<\1?(lpstr|i4)>([^<]*)<\/\1?\2>\s*<\/\1?variant>/g)];
  const titles = [...titlesMatch[2].matchAll(/<([A-Za-z_][\w.-]*:)?lpstr>([^<]*)<\/\1?lpstr>/g)];
  if (variants.length % 2 || !titles.length) return null;
  let first = 0;
  for (let i = 0; i < variants.length; i += 2) {
    const count = Number(variants[i + 1][3]);
    if (variants[i][2] !== "lpstr" || variants[i + 1][2] !== "i4" || !Number.isInteger(count) || count < 0) return null;
    const group = titles.slice(first, first + count).map((t) => textOf(t[2]));
    if (group.length === worksheets.length && group.every((t, k) => t === worksheets[k])) {
      return rewrite(xml, pairsMatch, titlesMatch, variants[i + 1], titles, first + count, added);
    }
    first += count;
  }
  return null;
}

function rewrite(xml: string, pairs: RegExpExecArray, titlesBlock: RegExpExecArray, countVariant: RegExpMatchArray, titles: RegExpMatchArray[], insertAt: number, added: readonly string[]): string {
  const vt = titles[0][1] ?? "";
  const count = Number(countVariant[3]) + added.length;
  const newCount = countVariant[0].replace(/>(\d+)</, `>${count}<`);
  const pairsBody = pairs[2].slice(0, countVariant.index) + newCount + pairs[2].slice((countVariant.index as number) + countVariant[0].length);
  const names = added.map((n) => `<${vt}lpstr>${escapeXml(n)}</${vt}lpstr>`).join("");
  const body = titlesBlock[2];
  const at = insertAt < titles.length ? (titles[insertAt].index as number) : (titles[titles.length - 1].index as number) + titles[titles.length - 1][0].length;
  const titlesBody = (body.slice(0, at) + names + body.slice(at)).replace(/(<(?:[A-Za-z_][\w.-]*:)?vector\b[^>]*?\ssize=")(\d+)"/, (_m, head: string, size: string) => `${head}${Number(size) + added.length}"`);
  // Each body starts right after its element's start tag.
  const pairsStart = pairs.index + pairs[0].indexOf(">") + 1;
  const titlesStart = titlesBlock.index + titlesBlock[0].indexOf(">") + 1;
  // The two blocks are replaced from the later one back, so that the earlier offsets hold.
  const edits = [
    { at: pairsStart, length: pairs[2].length, text: pairsBody },
    { at: titlesStart, length: body.length, text: titlesBody },
  ].sort((a, b) => b.at - a.at);
  let out = xml;
  for (const e of edits) out = out.slice(0, e.at) + e.text + out.slice(e.at + e.length);
  return out;
}

/** A title's text; one the writer cannot decode (an unknown entity) matches no sheet name. */
function textOf(raw: string): string | null {
  try {
    return xmlText(raw);
  } catch {
    return null;
  }
}
