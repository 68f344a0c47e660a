import { withSheetsListed } from "../../src/file/app-properties";
import { applyPatchToXlsxBuffer } from "../../src/file/xlsx-patch";
import { ZipArchive } from "../../src/file/zip-archive";
import { WorkbookPatch } from "../../src/workbook/grid";
import { promises as fs, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";

/** docProps/app.xml as Excel writes it: worksheets, then named ranges (the group names are localized). */
function appXml(worksheets: string[], group = "Worksheets", named: string[] = ["Data!Print_Area"]): string {
  const lp = (t: string): string => `<vt:lpstr>${t}</vt:lpstr>`;
  const pairs = `<vt:variant>${lp(group)}</vt:variant><vt:variant><vt:i4>${worksheets.length}</vt:i4></vt:variant>` + (named.length ? `<vt:variant>${lp("Named Ranges")}</vt:variant><vt:variant><vt:i4>${named.length}</vt:i4></vt:variant>` : "");
  const titles = [...worksheets, ...named];
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><HeadingPairs><vt:vector size="${named.length ? 4 : 2}" baseType="variant">${pairs}</vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="${titles.length}" baseType="lpstr">${titles.map(lp).join("")}</vt:vector></TitlesOfParts><AppVersion>16.0300</AppVersion></Properties>`;
}

describe("the sheet list of docProps/app.xml", () => {
  it("lists added sheets after the workbook's worksheets, with the group's count and the titles' size", () => {
    const out = withSheetsListed(appXml(["Data", "R&D"].map((n) => n.replace("&", "&amp;"))), ["Data", "R&D"], ["Vendor invoices", "Runs <2026>"]);
    expect(out).toBe(appXml(["Data", "R&amp;D", "Vendor invoices", "Runs &lt;2026&gt;"]));
  });

  it("finds the worksheets' group whatever the producer's language calls it", () => {
    expect(withSheetsListed(appXml(["Blad1"], "Werkbladen", []), ["Blad1"], ["Vendor invoices"])).toBe(appXml(["Blad1", "Vendor invoices"], "Werkbladen", []));
  });

  it("leaves a list that does not match the workbook's sheets (already stale, or another layout) as it is", () => {
    expect(withSheetsListed(appXml(["Old name"]), ["Data"], ["Vendor invoices"])).toBeNull();
    expect(withSheetsListed("<Properties><Application>LibreOffice</Application></Properties>", ["Data"], ["Vendor invoices"])).toBeNull();
  });

  it("is updated when a patch adds sheets to a workbook", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "reimburse-app-"));
    try {
      const book = path.join(dir, "book.xlsx");
      await writeSnapshotXlsx({ sheets: [{ name: "Data", startRow: 1, startCol: 1, rows: [["a"], [1]] }] }, book);
      const patch: WorkbookPatch = { sheets: [{ sheet: "Vendor invoices", create: true, headerRow: 1, header: ["Invoice"], columnKinds: ["text"], blocks: [{ row: 1, col: 1, values: [["Invoice"], ["RB-1"]] }] }] };
      const out = ZipArchive.open(await applyPatchToXlsxBuffer(await fs.readFile(book), patch));
      const app = out.text(out.find("docProps/app.xml") as NonNullable<ReturnType<ZipArchive["find"]>>);
      expect(app).toMatch(/<vt:lpstr>Worksheets<\/vt:lpstr><\/vt:variant><vt:variant><vt:i4>2<\/vt:i4>/);
      expect(app).toMatch(/<TitlesOfParts><vt:vector size="2" baseType="lpstr"><vt:lpstr>Data<\/vt:lpstr><vt:lpstr>Vendor invoices<\/vt:lpstr><\/vt:vector>/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
