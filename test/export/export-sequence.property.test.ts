import { Decimal } from "decimal.js";
import fc from "fast-check";
import { prepareExport } from "../../src/export/prepare-export";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookSnapshot } from "../../src/workbook/grid";
import { sheetRows } from "../support/sheet-rows";
import { bookAfterRun, cancelInvoices } from "./ap-book";
import { openPackage } from "./export-files";

/** One step a user takes between exports: cancel an invoice (reverse), then export on a day. */
const step = fc.record({ cancel: fc.option(fc.nat(5), { nil: undefined }), dayOffset: fc.integer({ min: 0, max: 1 }) });

describe("a sequence of D365 exports and cancellations", () => {
  it("never repeats a journal batch or a line key, and takes every invoice and credit note to AP exactly once", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 99_999 }), { minLength: 1, maxLength: 6 }), fc.array(step, { minLength: 1, maxLength: 5 }), (cents, steps) => {
        let book: WorkbookSnapshot = bookAfterRun({
          customers: cents.map((_, i) => ({ account: `C${i + 1}` })),
          balances: cents.map((c, i) => [`C${i + 1}`, "EUR", -(c + 1000) / 100]),
        });
        const invoices = sheetRows(book, SHEETS.invoices).map((r) => String(r.Invoice));
        const batches: string[] = [];
        const keys: string[] = [];
        const documents: string[] = [];
        const cancelled = new Set<number>();
        let day = 30;
        let owed = new Decimal(0);
        for (const { cancel, dayOffset } of steps) {
          // A reversal happens once: a second one is refused by `reverse`.
          if (cancel !== undefined && cancel < invoices.length && !cancelled.has(cancel)) {
            book = cancelInvoices(book, [invoices[cancel]]);
            cancelled.add(cancel);
          }
          day += dayOffset;
          const prepared = prepareExport(book, { format: "d365", date: `2026-11-${String(Math.min(day, 30)).padStart(2, "0")}` });
          if (prepared.content === null) continue;
          const pkg = openPackage(prepared.content);
          const [header] = pkg.rows("Vendor invoice journal header");
          batches.push(header.JOURNALBATCHNUMBER);
          for (const line of pkg.rows("Vendor invoice journal line")) {
            expect(line.JOURNALBATCHNUMBER).toBe(header.JOURNALBATCHNUMBER);
            keys.push(`${line.JOURNALBATCHNUMBER}|${line.LINENUMBER}`);
            documents.push(line.INVOICE);
            owed = owed.plus(line.CREDIT || 0).minus(line.DEBIT || 0);
          }
          book = applyPatchToSnapshot(book, prepared.patch);
        }
        expect(new Set(batches).size).toBe(batches.length);
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(documents).size).toBe(documents.length);
        // What AP holds in the end is what the sheet still owes: the invoices not cancelled.
        const open = sheetRows(book, SHEETS.invoices).filter((r) => r.Status !== "Cancelled" && r.Exported);
        expect(owed.equals(open.reduce((sum, r) => sum.plus(String(r.Amount)), new Decimal(0)))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});
