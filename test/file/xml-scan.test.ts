import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { readXlsxBuffer } from "../../src/file/xlsx-read";
import { Name, XmlReader } from "../../src/file/xml-events";
import { NotPlainXml, PlainXmlScanner, ScanHandler, TagAttributes, TextRun, saxesAdapter, xmlScanTuning } from "../../src/file/xml-scan";
import { WorkbookSnapshot } from "../../src/workbook/grid";

/**
 * The byte scanner (xml-scan.ts) against saxes: wherever the scanner reads a part, it must
 * report what saxes reports, and refuse what saxes refuses; what it does not read it leaves
 * to saxes.
 */

const CORPUS = path.resolve(__dirname, "../../../shared/xlsx-corpus");
const files = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith(".xlsx")).sort() : [];

async function readWith(useScanner: boolean, bytes: Uint8Array): Promise<WorkbookSnapshot | string> {
  xmlScanTuning.useScanner = useScanner;
  try {
    return await readXlsxBuffer(bytes);
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  } finally {
    xmlScanTuning.useScanner = true;
  }
}

/** What a handler is told, as one line per call. */
class Recorder implements ScanHandler {
  readonly events: string[] = [];
  open(name: Name, attributes: TagAttributes): void {
    const r = attributes.get("r");
    const codes = new Uint16Array(8);
    const n = attributes.codes("r", codes);
    this.events.push(`<${name.ns}:${name.local} r=${r} n=${attributes.number("n")} codes=${n < 0 || n > 8 ? n : String.fromCharCode(...codes.subarray(0, n))}`);
  }
  close(name: Name): void {
    this.events.push(`</${name.ns}:${name.local}`);
  }
  text(run: TextRun): void {
    const n = run.plainNumber();
    const text = run.text();
    // A plain number is the number Number() reads from the same text.
    if (n === n && !Object.is(n, Number(text))) throw new Error(`plainNumber ${n} for ${text}`);
    const last = this.events[this.events.length - 1];
    // saxes may cut a run where the scanner does not; the text is what counts.
    if (last?.startsWith("text ")) this.events[this.events.length - 1] = last + text;
    else this.events.push(`text ${text}`);
  }
}

type Outcome = { events: string[] } | { error: string } | { leftToSaxes: true };

function viaScanner(xml: Uint8Array, cuts: number[]): Outcome {
  const recorder = new Recorder();
  const scanner = new PlainXmlScanner("part", recorder);
  try {
    let at = 0;
    for (const cut of [...cuts.filter((c) => c < xml.length).sort((a, b) => a - b), xml.length]) {
      scanner.write(xml.subarray(at, Math.max(at, cut)));
      at = Math.max(at, cut);
    }
    scanner.finish();
    return { events: recorder.events };
  } catch (error) {
    if (error instanceof NotPlainXml) return { leftToSaxes: true };
    return { error: (error as Error).message };
  }
}

function viaSaxes(xml: Uint8Array): Outcome {
  const recorder = new Recorder();
  try {
    const reader = new XmlReader("part", saxesAdapter(recorder));
    reader.write(new TextDecoder().decode(xml));
    reader.end();
    return { events: recorder.events };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const W = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/** Pieces of XML, some well-formed, some not, some the scanner leaves to saxes. */
const piece = fc.constantFrom(
  "<c>", "</c>", "<c/>", '<c r="B2">', '<c r="B2" n="12">', "<v>", "</v>", "<x:c>", "</x:c>", '<c xmlns:x="' + W + '">',
  "12", "-3.25", "007", "1e5", " ", "\n", "\r\n", "\r", "&amp;", "&lt;x&gt;", "&#65;", "&#x42;", "&#0;", "&bogus;", "&", "é", "\u4e2d", "\u0080",
  "]]>", "]]", "<!-- c -->", "<![CDATA[a<b]]>", "<?pi x?>", '<c r="A1" r="A2">', "<c r='q\"'>", '<c r="a&amp;b">', '<c r="a<b">', '<c r="x\ty">',
  '<c r="x"n="1">', "<1c>", "<c:>", "</d>", "<d>", "</d >", "<c / >", "\u0001", "\uFFFE", "\uFEFF", "<r>", "</r>", '<c r="AB12345678901234567">',
);

const documents = fc.record({
  decl: fc.constantFrom("", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', "<?xml version='1.0'?>", '<?xml encoding="UTF-8"?>', " "),
  root: fc.constantFrom(`<w xmlns="${W}">`, `<x:w xmlns:x="${W}">`, "<w>", `<p:w xmlns:p="urn:other">`),
  body: fc.array(piece, { maxLength: 14 }),
  cuts: fc.array(fc.nat(300), { maxLength: 6 }),
});

describe("the XML byte scanner", () => {
  it("reports what saxes reports, refuses what it refuses, or leaves the part to saxes", () => {
    let read = 0;
    fc.assert(
      fc.property(documents, ({ decl, root, body, cuts }) => {
        const close = root.startsWith("<x:") ? "</x:w>" : root.startsWith("<p:") ? "</p:w>" : "</w>";
        // "\u0080" stands for a byte that is not UTF-8 (a lone continuation byte).
        const xml = Uint8Array.from([...Buffer.from(decl + root + body.join("") + close, "utf8")].map((b, i, all) => (b === 0xc2 && all[i + 1] === 0x80 ? 0x80 : b)));
        const scanned = viaScanner(xml, cuts);
        if ("leftToSaxes" in scanned) return;
        read++;
        const parsed = viaSaxes(xml);
        if ("error" in scanned) expect("error" in parsed ? parsed.error : parsed).toBe(scanned.error);
        else expect(parsed).toEqual(scanned);
      }),
      { numRuns: 5000 },
    );
    // Most documents of plain pieces are read by the scanner itself.
    expect(read).toBeGreaterThan(500);
  });

  it("reads a worksheet cut into chunks at every byte as it reads it whole", () => {
    const xml = new TextEncoder().encode(`<?xml version="1.0"?><worksheet xmlns="${W}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>-12.50</v></c><c r="C1" t="inlineStr"><is><t>a &amp; é</t></is></c></row></sheetData></worksheet>`);
    const whole = viaScanner(xml, []);
    expect("events" in whole).toBe(true);
    for (let cut = 1; cut < xml.length; cut++) expect(viaScanner(xml, [cut])).toEqual(whole);
  });

  (files.length ? it : it.skip)("reads every corpus file as saxes reads it, leaving few parts to saxes", async () => {
    xmlScanTuning.partsLeftToSaxes = 0;
    for (const f of files) {
      const bytes = readFileSync(path.join(CORPUS, f));
      const scanned = await readWith(true, bytes);
      const parsed = await readWith(false, bytes);
      expect([f, scanned]).toEqual([f, parsed]);
    }
    expect(xmlScanTuning.partsLeftToSaxes).toBeLessThan(10);
    // 55 files read twice: seconds on an idle machine, past jest's 5 s default when it is shared.
  }, 60_000);
});
