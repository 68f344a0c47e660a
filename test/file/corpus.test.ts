import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { XlsxError, readXlsx } from "../../src/file/xlsx-read";
import { CellValue, WorkbookSnapshot } from "../../src/workbook/grid";
import { hasTool, pythonHas } from "../support/tools";

/**
 * The real-world corpus (../shared/xlsx-corpus: calamine's fixtures, mostly saved by Excel):
 * every file is read as Excel shows it, or refused with a message that says what is wrong.
 * Every cell value is compared with an independent reader, openpyxl.
 */
const CORPUS = path.resolve(__dirname, "../../../shared/xlsx-corpus");
const PYTHON = "/usr/bin/python3";
const files = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith(".xlsx")).sort() : [];
const file = (name: string): string => path.join(CORPUS, name);

/** The files refused, and why: each is refused by Excel's own rules too. */
const REFUSED: Readonly<Record<string, RegExp>> = {
  "issue252.xlsx": /^.*issue252\.xlsx: the package is damaged: part xl\/_rels\/workbook\.xml\.rels: it inflates to 699 bytes, not the 697 its directory declares$/,
  "pass_protected.xlsx": /pass_protected\.xlsx is not an \.xlsx workbook this tool can read: it is encrypted with a password/,
};

const cellsOf = (snapshot: WorkbookSnapshot): Map<string, CellValue> => {
  const out = new Map<string, CellValue>();
  for (const g of snapshot.sheets) g.rows.forEach((r, i) => r.forEach((v, j) => v !== null && out.set(`${g.name}!${g.startRow + i},${g.startCol + j}`, v)));
  return out;
};

const read = new Map<string, WorkbookSnapshot | Error>();
beforeAll(async () => {
  for (const f of files) read.set(f, await readXlsx(file(f)).catch((e: Error) => e));
});

const grid = (name: string, sheet = 0): CellValue[][] => {
  const s = read.get(name);
  if (!s || s instanceof Error) throw new Error(`${name} was not read: ${s?.message}`);
  return s.sheets[sheet].rows;
};

(files.length ? describe : describe.skip)("the real-world .xlsx corpus", () => {
  it("holds the 55 files its README lists", () => {
    expect(files.length).toBe(55);
  });

  it("reads every file, except the damaged and the encrypted one, which are refused saying so", () => {
    const refused = Object.fromEntries([...read].filter(([, r]) => r instanceof Error).map(([f, r]) => [f, (r as Error).message]));
    expect(Object.keys(refused).sort()).toEqual(Object.keys(REFUSED).sort());
    for (const [f, message] of Object.entries(refused)) {
      expect(read.get(f)).toBeInstanceOf(XlsxError);
      expect(message).toMatch(REFUSED[f]);
    }
  });

  it("shows text as Excel does: rich text joined, phonetic runs left out, _x000D_ resolved, spaces kept", () => {
    expect(grid("rph.xlsx")[0][0]).toBe("課きく　毛こ");
    expect(grid("has_x000D_.xlsx")[0][0]).toBe("ABC\r\nDEF");
    expect(grid("has_x000D_inline.xlsx")[0][0]).toBe("ABC\r\nDEF");
    expect(grid("richtext-namespaced.xlsx")[0][0]).toBe("inline string\nLine 2\nLine 3");
    expect(grid("whitespace_trim.xlsx")[0].slice(0, 2)).toEqual(["  trimmed value  ", "\t\n value with tabs \n"]);
    expect(grid("empty_shared_string_value.xlsx")).toEqual([["Name", "City", "Status"], ["Alice", null, "Active"], [null, "Berlin", null]]);
    expect(grid("encoded_entities.xlsx").flat().filter((v) => typeof v === "string").join(" ")).not.toMatch(/&(amp|lt|gt|quot|apos);/);
  });

  it("shows dates by their style in both date systems, and ISO dates", () => {
    expect(grid("date_1904.xlsx").slice(0, 2)).toEqual([[new Date("2021-01-01T00:00:00Z"), 15], [new Date("2021-01-02T00:00:00Z"), 16]]);
    expect(grid("date.xlsx")[0][0]).toEqual(new Date("2021-01-01T00:00:00Z"));
    expect(grid("date_iso.xlsx")[0][0]).toEqual(new Date("2021-01-01T00:00:00Z"));
  });

  it("reads prefixed SpreadsheetML, Strict OOXML paths, Windows separators and a package without xl/", () => {
    expect(grid("nonstandard-xml-ns-prefix.xlsx")).toEqual([["a", "b"], [1, 3], [2, 4]]);
    expect(grid("strict_iso_paths.xlsx")[0][0]).toBe("Item");
    expect(grid("issue_530.xlsx")[0].slice(0, 2)).toEqual(["报表导出人：", "于国栋"]);
    expect(grid("minimal_package.xlsx").length).toBe(196);
  });

  it("reads a sheet declaring the whole grid as its dimension in the time of its cells", () => {
    expect(grid("issue_174.xlsx").length).toBeLessThan(10);
  });

  const openpyxl = hasTool(PYTHON) && pythonHas(PYTHON, "openpyxl");
  (openpyxl ? it : it.skip)("reads every cell as openpyxl does (an independent reader), save openpyxl's known gaps", () => {
    const lines = execFileSync(PYTHON, [path.join(__dirname, "support/openpyxl_cells.py"), ...files.map(file)], { encoding: "utf8", maxBuffer: 1 << 28 }).trim().split("\n");
    const openpyxlFails: string[] = [];
    let compared = 0;
    for (const line of lines) {
      const ref = JSON.parse(line) as { file: string; error?: string; sheets?: { name: string; cells: [number, number, string, unknown][] }[] };
      const name = path.basename(ref.file);
      const ours = read.get(name);
      if (ref.error || !ref.sheets || (name === STRICT && ref.sheets.every((sh) => !sh.cells.length))) {
        openpyxlFails.push(name);
        continue;
      }
      if (ours instanceof Error || !ours) throw new Error(`${name}: openpyxl reads it, we refused: ${ours?.message}`);
      const mine = cellsOf(ours);
      const theirs = new Map<string, CellValue>();
      for (const s of ref.sheets) for (const [r, c, kind, v] of s.cells) theirs.set(`${s.name}!${r},${c}`, fromOpenpyxl(kind, v, mine.get(`${s.name}!${r},${c}`), name));
      expect([name, Object.fromEntries(mine)]).toEqual([name, Object.fromEntries(theirs)]);
      compared += mine.size;
    }
    // openpyxl needs xl/sharedStrings.xml where the relationships name none, or cannot read the file at all.
    // and reads no cell of a Strict OOXML file.
    expect(openpyxlFails.sort()).toEqual(["issue252.xlsx", "issue_419.xlsx", "issue_530.xlsx", "pass_protected.xlsx", STRICT]);
    expect(compared).toBeGreaterThan(5000);
  }, 120_000);

  // The files openpyxl cannot read are compared with LibreOffice's reading (as CSV) instead;
  // issue_530.xlsx (Windows separators in part names) opens in neither, only in Excel.
  const soffice = hasTool("soffice");
  (soffice ? it : it.skip)("reads Strict OOXML and a workbook without shared strings as LibreOffice does", () => {
    const out = mkdtempSync(path.join(tmpdir(), "reimburse-corpus-lo-"));
    try {
      const filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
      execFileSync("soffice", [`-env:UserInstallation=file://${out}/profile`, "--headless", "--norestore", "--convert-to", filter, "--outdir", out, file(STRICT), file("issue_419.xlsx")], { stdio: "ignore", timeout: 120_000 });
      for (const name of [STRICT, "issue_419.xlsx"]) {
        const snapshot = read.get(name) as WorkbookSnapshot;
        for (const g of snapshot.sheets) {
          const csv = parse(readFileSync(path.join(out, `${name.replace(/\.xlsx$/, "")}-${g.name}.csv`), "utf8"), { relaxColumnCount: true }) as string[][];
          const mine = new Map<string, string>();
          g.rows.forEach((r, i) => r.forEach((v, j) => v !== null && mine.set(`${g.startRow + i},${g.startCol + j}`, asCsv(v))));
          const theirs = new Map<string, string>();
          csv.forEach((r, i) => r.forEach((v, j) => v !== "" && theirs.set(`${i + 1},${j + 1}`, v)));
          expect([name, Object.fromEntries(mine)]).toEqual([name, Object.fromEntries(theirs)]);
        }
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});

const STRICT = "strict_iso_paths.xlsx";

/** A value as LibreOffice's CSV writes it (raw values, 15 significant digits). */
function asCsv(v: CellValue): string {
  if (typeof v === "number") return String(Number(v.toPrecision(15)));
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object" && v !== null) return v.error;
  return String(v);
}


/**
 * openpyxl's value as a CellValue. Its known gaps, where Excel shows what we read: it leaves
 * _xHHHH_ escapes as written, ignores a styles part outside xl/ (so dates stay serials), and gives
 * a time of day where the cell holds only a time.
 */
function fromOpenpyxl(kind: string, v: unknown, ours: CellValue | undefined, file: string): CellValue {
  switch (kind) {
    case "s":
      return (v as string).replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    case "n":
      if (file === "minimal_package.xlsx" && ours instanceof Date) return new Date(Math.round((v as number) - 25569) * 86400000);
      return ours !== undefined && typeof ours === "number" && Math.abs(ours - (v as number)) <= 1e-12 * Math.abs(ours) ? ours : (v as number);
    case "b":
      return v as boolean;
    case "e":
      return { error: v as string };
    case "d":
      return new Date(`${v as string}T00:00:00Z`);
    case "t":
      return ours instanceof Date ? ours : null;
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}
