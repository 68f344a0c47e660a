import fc from "fast-check";
import { prepareExport } from "../../src/export/prepare-export";
import { Money } from "../../src/core/money";
import { preparePayment } from "../../src/payments/prepare-payment";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookError } from "../../src/workbook/errors";
import { CellValue, SheetGrid, WorkbookPatch, WorkbookSnapshot, findSheet } from "../../src/workbook/grid";
import { prepareReversal } from "../../src/workbook/reverse";
import { prepareRun } from "../../src/workbook/run";
import { DEBTOR_PARAMETERS } from "../export/ap-book";
import { sheetRows } from "../support/sheet-rows";
import { buildBook } from "../support/workbook-builder";

/**
 * Random sequences of the commands (run / export / pay / reverse), hand edits (a Status blanked or
 * put on hold, an amount edited, a Status column deleted, Vendor invoices rows archived), new
 * credits, and copies of the workbook taken and worked on instead (a backup restored, a copy
 * mailed round). Every command works on the snapshot as a host would: snapshot -> prepare ->
 * apply the patch. After every step, for the workbook and the payment files its own history issued:
 * - no credit is paid twice (each invoice in at most one transfer, each transfer on its own credit);
 * - the sum paid never exceeds the credits removed (reimbursement transactions less reversals),
 *   and no paid credit was given back;
 * - no workbook says Paid without a transfer in a payment file carrying it.
 * Records are never deleted here: a Vendor payments row deleted by hand is what the register
 * outside the workbook (issue 10, CLI) catches; copies paid twice likewise.
 */

interface Transfer {
  invoice: string;
  amount: Money;
}

interface Lineage {
  book: WorkbookSnapshot;
  /** The transfers in payment files this workbook's history handed out. */
  bank: Transfer[];
  clock: number;
}

type Step =
  | { kind: "run" }
  | { kind: "credit"; customer: number; cents: number }
  | { kind: "export" }
  | { kind: "pay" }
  | { kind: "reverse"; pick: number }
  | { kind: "blank status"; sheet: "invoices" | "reimbursements"; pick: number }
  | { kind: "hold"; pick: number }
  | { kind: "edit amount"; pick: number; cents: number }
  | { kind: "delete status column"; sheet: "invoices" | "reimbursements" }
  | { kind: "archive"; count: number }
  | { kind: "copy" }
  | { kind: "use copy"; pick: number };

const CUSTOMERS = ["C1", "C2", "C3", "C4"];

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Step>({ kind: "run" }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("credit" as const), customer: fc.nat(CUSTOMERS.length - 1), cents: fc.integer({ min: 500, max: 90_000 }) }) },
  { weight: 3, arbitrary: fc.constant<Step>({ kind: "export" }) },
  { weight: 6, arbitrary: fc.constant<Step>({ kind: "pay" }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("reverse" as const), pick: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("blank status" as const), sheet: fc.constantFrom("invoices" as const, "reimbursements" as const), pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("hold" as const), pick: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("edit amount" as const), pick: fc.nat(20), cents: fc.integer({ min: 1, max: 13_130_031 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete status column" as const), sheet: fc.constantFrom("invoices" as const, "reimbursements" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("archive" as const), count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: "copy" }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("use copy" as const), pick: fc.nat(5) }) },
);

const workbook: fc.Arbitrary<WorkbookSnapshot> = fc
  .record({
    credits: fc.array(fc.integer({ min: -60_000, max: 2_000 }), { minLength: CUSTOMERS.length, maxLength: CUSTOMERS.length }),
    mapped: fc.array(fc.boolean(), { minLength: CUSTOMERS.length, maxLength: CUSTOMERS.length }),
  })
  .map(({ credits, mapped }) =>
    buildBook({
      customers: CUSTOMERS.map((account, i) => ({ account, vendor: mapped[i] ? `V${i}` : null })),
      balances: CUSTOMERS.map((account, i) => [account, "EUR", credits[i] / 100]),
      transactions: [],
      vendors: CUSTOMERS.map((_, i) => [`V${i}`, `Vendor ${i}`]),
      extraParameters: DEBTOR_PARAMETERS,
    }),
  );

const grid = (book: WorkbookSnapshot, name: string): SheetGrid | undefined => findSheet(book, name);

function replaceSheet(book: WorkbookSnapshot, name: string, change: (g: SheetGrid) => SheetGrid): WorkbookSnapshot {
  return { sheets: book.sheets.map((s) => (s.name === name ? change(s) : s)) };
}

/** Sets one cell of a data row (pick chooses the row) in the column `header`, if both exist. */
function editCell(book: WorkbookSnapshot, name: string, header: string, pick: number, value: CellValue): WorkbookSnapshot {
  const g = grid(book, name);
  if (!g || g.rows.length < 2) return book;
  const col = g.rows[0].indexOf(header);
  if (col < 0) return book;
  const row = 1 + (pick % (g.rows.length - 1));
  return replaceSheet(book, name, (s) => ({ ...s, rows: s.rows.map((r, i) => (i === row ? r.map((v, j) => (j === col ? value : v)) : r)) }));
}

let tick = 0;
const hex = (): string => (tick++ % 0xffffff).toString(16).padStart(6, "0");

/** One command as a host runs it: a stop (WorkbookError) leaves the workbook as it was. */
function attempt(l: Lineage, prepare: (book: WorkbookSnapshot, now: Date) => { patch: WorkbookPatch }): Lineage {
  const now = new Date(Date.UTC(2026, 10, 24, 9, 0, 0) + l.clock * 61_000);
  try {
    const book = applyPatchToSnapshot(l.book, prepare(l.book, now).patch);
    return { ...l, book, clock: l.clock + 1 };
  } catch (e) {
    if (e instanceof WorkbookError) return { ...l, clock: l.clock + 1 };
    throw e;
  }
}

function perform(l: Lineage, s: Step, copies: Lineage[]): Lineage {
  switch (s.kind) {
    case "run":
      return attempt(l, (book, now) => prepareRun(book, { now, selection: {} }));
    case "credit": {
      const row: CellValue[] = [CUSTOMERS[s.customer], "2026-11-20", "EUR", -s.cents / 100, "Credit note", null, null];
      return { ...l, book: replaceSheet(l.book, SHEETS.transactions, (g) => ({ ...g, rows: [...g.rows, row] })) };
    }
    case "export":
      return attempt(l, (book, now) => prepareExport(book, { format: "csv", date: now.toISOString().slice(0, 10) }));
    case "pay": {
      let issued: Transfer[] = [];
      const next = attempt(l, (book, now) => {
        const p = preparePayment(book, { now, randomHex: hex });
        issued = p.transfers.map((t) => ({ invoice: t.endToEndId, amount: t.amount }));
        return p;
      });
      return next.book === l.book ? next : { ...next, bank: [...l.bank, ...issued] };
    }
    case "reverse": {
      const runs = [...new Set(sheetRows(l.book, SHEETS.reimbursements).map((r) => String(r["Run id"] ?? "")))].filter(Boolean);
      if (!runs.length) return l;
      return attempt(l, (book, now) => prepareReversal(book, { runId: runs[s.pick % runs.length], now }));
    }
    case "blank status":
      return { ...l, book: editCell(l.book, s.sheet === "invoices" ? SHEETS.invoices : SHEETS.reimbursements, "Status", s.pick, null) };
    case "hold":
      return { ...l, book: editCell(l.book, SHEETS.invoices, "Status", s.pick, "On hold") };
    case "edit amount":
      return { ...l, book: editCell(l.book, SHEETS.invoices, "Amount", s.pick, s.cents / 100) };
    case "delete status column": {
      const name = s.sheet === "invoices" ? SHEETS.invoices : SHEETS.reimbursements;
      const g = grid(l.book, name);
      const col = g ? g.rows[0].indexOf("Status") : -1;
      if (col < 0) return l;
      return { ...l, book: replaceSheet(l.book, name, (x) => ({ ...x, rows: x.rows.map((r) => r.filter((_, i) => i !== col)) })) };
    }
    case "archive": {
      const g = grid(l.book, SHEETS.invoices);
      if (!g || g.rows.length < 2) return l;
      const moved = g.rows.slice(1, 1 + s.count);
      const archive = grid(l.book, "Archive");
      const withArchive = archive
        ? replaceSheet(l.book, "Archive", (a) => ({ ...a, rows: [...a.rows, ...moved] }))
        : { sheets: [...l.book.sheets, { name: "Archive", startRow: 1, startCol: 1, rows: [g.rows[0], ...moved] }] };
      return { ...l, book: replaceSheet(withArchive, SHEETS.invoices, (x) => ({ ...x, rows: [x.rows[0], ...x.rows.slice(1 + s.count)] })) };
    }
    case "copy":
      copies.push(l);
      return l;
    case "use copy":
      return copies.length ? copies[s.pick % copies.length] : l;
  }
}

function checkInvariants(l: Lineage): void {
  // No credit paid twice.
  const paidInvoices = l.bank.map((t) => t.invoice.toUpperCase());
  expect(new Set(paidInvoices).size).toBe(paidInvoices.length);

  const tx = sheetRows(l.book, SHEETS.transactions);
  const removed = new Map<string, Money>();
  const reversed = new Set<string>();
  let netRemoved = new Money(0);
  for (const t of tx) {
    const doc = String(t.Document ?? "").toUpperCase();
    if (t.Type === "Reimbursement") {
      removed.set(doc, new Money(Number(t.Amount)));
      netRemoved = netRemoved.plus(Number(t.Amount));
    }
    if (t.Type === "Reimbursement reversal") {
      reversed.add(doc);
      netRemoved = netRemoved.plus(Number(t.Amount));
    }
  }
  // Each transfer pays exactly the credit its reimbursement transaction removed, never a reversed one.
  for (const t of l.bank) {
    expect(removed.get(t.invoice.toUpperCase())?.toFixed(2)).toBe(t.amount.toFixed(2));
    expect(reversed.has(t.invoice.toUpperCase())).toBe(false);
  }
  const paid = l.bank.reduce((sum, t) => sum.plus(t.amount), new Money(0));
  expect(paid.lessThanOrEqualTo(netRemoved)).toBe(true);

  // No workbook says Paid without a transfer carrying it.
  const inBank = new Set(paidInvoices);
  for (const name of [SHEETS.invoices, SHEETS.reimbursements]) {
    for (const r of sheetRows(l.book, name)) {
      const invoice = String(r.Invoice ?? "").toUpperCase();
      if (String(r.Status ?? "").toLowerCase() === "paid") expect(inBank.has(invoice)).toBe(true);
    }
  }
  for (const p of sheetRows(l.book, SHEETS.vendorPayments)) expect(inBank.has(String(p.Invoice).toUpperCase())).toBe(true);
}

describe("the workbook as the ledger, under random sequences of commands and hand edits", () => {
  it("never pays a credit twice, never pays more than the credits removed, and never says Paid without a payment", () => {
    let paidSomething = 0;
    let stoppedOnce = 0;
    fc.assert(
      fc.property(workbook, fc.array(step, { minLength: 1, maxLength: 14 }), (book, steps) => {
        let l: Lineage = { book, bank: [], clock: 0 };
        tick = 0;
        const copies: Lineage[] = [];
        for (const s of steps) {
          const before = l;
          l = perform(l, s, copies);
          if (l.bank.length > before.bank.length) paidSomething++;
          if ((s.kind === "pay" || s.kind === "export" || s.kind === "reverse") && l.book === before.book && l.clock > before.clock) stoppedOnce++;
          checkInvariants(l);
        }
      }),
      // 400 runs, the thresholds below doubled with them: at 200 runs (thresholds 40 and 10) the
      // counts came as low as 46 and 10 in eight runs, a flaky failure; more runs vary less in proportion.
      { numRuns: 400 },
    );
    // The sequences reach payments, and commands that stop on a contradiction: the property is not vacuous.
    expect(paidSomething).toBeGreaterThan(80);
    expect(stoppedOnce).toBeGreaterThan(20);
  });
});
