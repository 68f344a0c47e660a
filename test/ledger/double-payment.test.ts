import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { SHEETS } from "../../src/workbook/contract";
import { DEBTOR_PARAMETERS, bookAfterRun } from "../export/ap-book";
import { sheetRows } from "../support/sheet-rows";
import { tempDir } from "../support/cli-harness";
import { readXlsx } from "../../src/file/xlsx-read";
import { Finished, ensureBuiltCli, filesIn, isUnfinished, ledgerState, paymentFile, paymentProblems, run, start, waitForFile } from "./process-harness";

/**
 * Double payment, tried with real processes of the built CLI: twice in a row, two at once, pay
 * racing reverse, the workbook saved by someone else mid-command, `kill -9` at every step and
 * at random moments, and the file names a careless or hostile command line gives. Each case
 * ends with the invariant: no invoice is paid twice, and no workbook says paid without a
 * finished payment file carrying it (nor a finished file the workbook does not record).
 */

jest.setTimeout(120_000);

const hash = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

let dir: string;
let book: string;
let env: Record<string, string>;

beforeAll(() => ensureBuiltCli(), 300_000);

beforeEach(async () => {
  dir = tempDir("reimburse-double-");
  book = path.join(dir, "book.xlsx");
  env = { REIMBURSE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "reimburse-data-")), REIMBURSE_LOCK_WAIT_MS: "20000" };
  await writeSnapshotXlsx(
    bookAfterRun({
      customers: [{ account: "C001" }, { account: "C002" }, { account: "C003" }],
      balances: [["C001", "EUR", -120.5], ["C002", "EUR", -30], ["C003", "EUR", -45.99]],
      extraParameters: DEBTOR_PARAMETERS,
    }),
    book,
  );
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(pausedSignal(), { force: true });
  fs.rmSync(env.REIMBURSE_DATA_DIR, { recursive: true, force: true });
});

const pay = (out: string, extra: string[] = [], more: Record<string, string> = {}) => run(["pay", "book.xlsx", "-o", out, ...extra], dir, { ...env, ...more });
const expectInvariant = async (workbooks = [book]) => expect(await paymentProblems(dir, workbooks)).toEqual([]);
const runIdOf = async () => String(sheetRows(await readXlsx(book), SHEETS.reimbursements)[0]["Run id"]);
const paused = (stage: string, ms = 60_000) => ({ REIMBURSE_TEST_PAUSE: `${stage}:${ms}`, REIMBURSE_TEST_PAUSED_FILE: path.join(dir, "..", `${path.basename(dir)}.paused`) });
const pausedSignal = () => path.join(dir, "..", `${path.basename(dir)}.paused`);
/** Lets a paused command go on. */
const resume = () => fs.rmSync(pausedSignal(), { force: true });

/** Nothing of an interrupted or finished command is left beside the workbook. */
function expectTidy(): void {
  expect(filesIn(dir).filter((f) => isUnfinished(f) || f.includes("reimburse-lock"))).toEqual([]);
  expect(fs.existsSync(path.join(dir, ".reimburse", "pending"))).toBe(false);
}

describe("paying and exporting twice", () => {
  it("pays once: the second pay finds nothing open and writes no file", async () => {
    expect((await pay("p1.xml")).code).toBe(0);
    const second = await pay("p2.xml");
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Nothing to pay");
    expect(filesIn(dir)).toEqual(["book.xlsx", "p1.xml"]);
    expect(paymentFile(path.join(dir, "p1.xml")).invoices).toEqual(["RB-000001", "RB-000002", "RB-000003"]);
    await expectInvariant();
    expectTidy();
  });

  it("exports once: the second export finds nothing waiting and writes no file", async () => {
    expect((await run(["export", "book.xlsx", "--format", "csv", "-o", "e1.csv"], dir, env)).code).toBe(0);
    const second = await run(["export", "book.xlsx", "--format", "csv", "-o", "e2.csv"], dir, env);
    expect(second.stdout).toContain("Nothing to export");
    // The first export's invoices and their one-time vendors' master data; nothing of the second.
    expect(filesIn(dir)).toEqual(["book.xlsx", "e1.csv", "e1.one-time-vendors.csv"]);
    const lines = parse(fs.readFileSync(path.join(dir, "e1.csv"), "utf8"), { bom: true, columns: true }) as Record<string, string>[];
    expect(lines.map((l) => l.Invoice).sort()).toEqual((await ledgerState(book)).exported.sort());
    expectTidy();
  });

  it("refuses to pay a copy of the workbook made before the payment, naming the earlier file", async () => {
    fs.copyFileSync(book, path.join(dir, "copy.xlsx"));
    expect((await pay("p1.xml")).code).toBe(0);
    const copy = await run(["pay", "copy.xlsx", "-o", "p2.xml"], dir, env);
    expect(copy.code).toBe(1);
    expect(copy.stderr).toContain(`in ${fs.realpathSync(path.join(dir, "p1.xml"))}`);
    expect(filesIn(dir)).toEqual(["book.xlsx", "copy.xlsx", "p1.xml"]);
    await expectInvariant([book, path.join(dir, "copy.xlsx")]);
  });
});

describe("two commands at once", () => {
  it("two pay on one workbook: one pays, the other waits for it and then finds nothing", async () => {
    const results = await Promise.all([pay("a.xml"), pay("b.xml")]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(results.filter((r) => r.stdout.includes("Nothing to pay"))).toHaveLength(1);
    expect(filesIn(dir).filter((f) => f.endsWith(".xml"))).toHaveLength(1);
    await expectInvariant();
    expectTidy();
  });

  it("a second pay that cannot wait long enough stops, naming the command that holds the workbook", async () => {
    const first = start(["pay", "book.xlsx", "-o", "a.xml"], dir, { ...env, ...paused("before-commit") });
    await waitForFile(pausedSignal());
    const before = hash(book);
    const second = await pay("b.xml", [], { REIMBURSE_LOCK_WAIT_MS: "200" });
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`is in use by another Reimburse command: "reimburse pay book.xlsx" (process ${first.child.pid} on ${os.hostname()}, since `);
    expect(hash(book)).toBe(before);
    resume();
    expect((await first.done).code).toBe(0);
    expect(filesIn(dir)).toEqual(["a.xml", "book.xlsx"]);
    await expectInvariant();
  });

  it("two pay on two copies of one workbook at once: the register lets only one pay", async () => {
    fs.copyFileSync(book, path.join(dir, "copy.xlsx"));
    const results = await Promise.all([pay("a.xml"), run(["pay", "copy.xlsx", "-o", "b.xml"], dir, env)]);
    expect(results.map((r) => r.code).sort()).toEqual([0, 1]);
    expect(results.find((r) => r.code === 1)?.stderr).toContain("already paid from this account");
    expect(filesIn(dir).filter((f) => f.endsWith(".xml"))).toHaveLength(1);
    await expectInvariant([book, path.join(dir, "copy.xlsx")]);
  });

  it("pay racing reverse: each runs on what the other left, so no credit is both paid and given back", async () => {
    const runId = await runIdOf();
    const [paid, reversed] = await Promise.all([pay("p.xml"), run(["reverse", "book.xlsx", "--run", runId, "--json"], dir, env)]);
    expect(paid.code).toBe(0);
    const state = await ledgerState(book);
    // Whichever went first, the other saw its result: all paid and nothing reversed, or the reverse.
    expect([state.paid.length, state.reversedReimbursementInvoices.length].sort()).toEqual([0, 3]);
    if (state.paid.length) expect(reversed.code).toBe(1);
    await expectInvariant();
  });
});

describe("the workbook saved by someone else while pay runs", () => {
  it("stops without writing anything: the other save is kept, no file, no marks on the wrong rows", async () => {
    const running = start(["pay", "book.xlsx", "-o", "p.xml"], dir, { ...env, ...paused("before-commit") });
    await waitForFile(pausedSignal());
    // What Excel does on save: a new file renamed over the old one, here with one invoice fewer.
    const edited = bookAfterRun({ customers: [{ account: "C002" }, { account: "C003" }], balances: [["C002", "EUR", -30], ["C003", "EUR", -45.99]], extraParameters: DEBTOR_PARAMETERS });
    await writeSnapshotXlsx(edited, path.join(dir, "saved.tmp"));
    fs.renameSync(path.join(dir, "saved.tmp"), book);
    const saved = hash(book);
    resume();
    const result = await running.done;
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("changed while this command ran");
    expect(hash(book)).toBe(saved);
    expect(filesIn(dir)).toEqual(["book.xlsx"]);
    expect(fs.existsSync(path.join(dir, ".reimburse", "backups")) ? fs.readdirSync(path.join(dir, ".reimburse", "backups")) : []).toEqual([]);
    expectTidy();
    expect((await pay("p.xml")).code).toBe(0);
    await expectInvariant();
  });
});

describe("pay killed with kill -9", () => {
  /** After the kill: a finished-looking file is always recorded; the next command finishes or undoes the rest. */
  async function afterKill(): Promise<Finished> {
    const finished = filesIn(dir).filter((f) => f.endsWith(".xml"));
    const state = await ledgerState(book);
    for (const f of finished) expect(state.payments.map(([, m]) => m)).toContain(paymentFile(path.join(dir, f)).messageId);
    const next = await pay("next.xml");
    expect(next.code).toBe(0);
    await expectInvariant();
    expectTidy();
    // The register agrees with the ledger: what the workbook says is paid is recorded once.
    const registered = fs.readdirSync(path.join(env.REIMBURSE_DATA_DIR, "payments")).flatMap((f) =>
      fs.readFileSync(path.join(env.REIMBURSE_DATA_DIR, "payments", f), "utf8").trim().split("\n").map((l) => JSON.parse(l).invoice as string),
    );
    expect(new Set(registered)).toEqual(new Set((await ledgerState(book)).paid));
    return next;
  }

  it.each([
    ["after the new workbook was written under its unfinished name", "workbook-written", "undone"],
    ["after the payment file was written under its unfinished name", "files-written", "undone"],
    ["right before the workbook is replaced", "before-commit", "undone"],
    ["after the workbook was replaced, before the file got its name", "after-commit", "put in place"],
    ["after the file got its name, before the register line", "files-placed", "recorded in the register"],
  ])("%s (%s): the next command says it was %s", async (_when, stage, outcome) => {
    const running = start(["pay", "book.xlsx", "-o", "p1.xml"], dir, { ...env, ...paused(stage) });
    await waitForFile(pausedSignal());
    expect(filesIn(dir).filter((f) => f.endsWith(".xml"))).toEqual(stage === "files-placed" ? ["p1.xml"] : []);
    // The new workbook is on disk under its unfinished name, the journal beside it saying nothing is committed.
    if (stage === "workbook-written") expect(filesIn(dir).filter((f) => isUnfinished(f) && f.startsWith("book.xlsx"))).toHaveLength(1);
    running.child.kill("SIGKILL");
    expect((await running.done).signal).toBe("SIGKILL");
    const next = await afterKill();
    expect(next.stdout).toContain(outcome);
    const paidBy = stage === "workbook-written" || stage === "files-written" || stage === "before-commit" ? "next.xml" : "p1.xml";
    expect(filesIn(dir).filter((f) => f.endsWith(".xml"))).toEqual([paidBy]);
  });

  it("at random moments: whatever was left, the next pay makes it whole", async () => {
    // How long one pay takes here, to spread the kills over its whole life.
    const t0 = Date.now();
    fs.copyFileSync(book, path.join(dir, "probe.xlsx"));
    await run(["pay", "probe.xlsx", "-o", "probe.xml", "--again"], dir, { ...env, REIMBURSE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "reimburse-probe-")) });
    const span = Date.now() - t0;
    for (const f of ["probe.xlsx", "probe.xml"]) fs.rmSync(path.join(dir, f));
    fs.rmSync(path.join(dir, ".reimburse"), { recursive: true, force: true });
    const original = fs.readFileSync(book);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 100 }), async (percent) => {
        fs.writeFileSync(book, original);
        for (const f of filesIn(dir)) if (f !== "book.xlsx") fs.rmSync(path.join(dir, f));
        fs.rmSync(path.join(dir, ".reimburse"), { recursive: true, force: true });
        fs.rmSync(path.join(env.REIMBURSE_DATA_DIR, "payments"), { recursive: true, force: true });
        const running = start(["pay", "book.xlsx", "-o", "p1.xml"], dir, env);
        await new Promise((r) => setTimeout(r, (span * percent) / 100));
        running.child.kill("SIGKILL");
        await running.done;
        const finished = filesIn(dir).filter((f) => f.endsWith(".xml"));
        const state = await ledgerState(book);
        for (const f of finished) expect(state.payments.map(([, m]) => m)).toContain(paymentFile(path.join(dir, f)).messageId);
        expect((await pay("next.xml")).code).toBe(0);
        expect(await paymentProblems(dir, [book])).toEqual([]);
        expectTidy();
        expect((await ledgerState(book)).paid.sort()).toEqual(["RB-000001", "RB-000002", "RB-000003"]);
      }),
      { numRuns: 6, seed: 20261201 },
    );
  });
});

describe("file names on the command line", () => {
  it("-o a folder is refused before anything is done", async () => {
    fs.mkdirSync(path.join(dir, "out"));
    const before = hash(book);
    const result = await pay("out", ["--force"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("it is a folder");
    expect(hash(book)).toBe(before);
    expect(filesIn(dir)).toEqual(["book.xlsx", "out"]);
    expect(fs.readdirSync(env.REIMBURSE_DATA_DIR)).toEqual([]);
    await expectInvariant();
  });

  it("-o /dev/null is refused, not replaced by a file", async () => {
    const result = await pay("/dev/null", ["--force"]);
    expect(result.code).toBe(2);
    expect(fs.statSync("/dev/null").isCharacterDevice()).toBe(true);
    await expectInvariant();
  });

  it("an existing file is not overwritten without --force; with it, it is", async () => {
    fs.writeFileSync(path.join(dir, "notes.xml"), "my notes");
    const refused = await pay("notes.xml");
    expect(refused.code).toBe(2);
    expect(fs.readFileSync(path.join(dir, "notes.xml"), "utf8")).toBe("my notes");
    expect((await ledgerState(book)).paid).toEqual([]);
    expect((await pay("notes.xml", ["--force"])).code).toBe(0);
    await expectInvariant();
  });

  it("a symbolic link to the workbook is followed: the real file is the ledger, the link stays", async () => {
    const real = path.join(dir, "ledgers");
    fs.mkdirSync(real);
    fs.renameSync(book, path.join(real, "book.xlsx"));
    fs.symlinkSync(path.join(real, "book.xlsx"), book);
    expect((await pay("p.xml")).code).toBe(0);
    expect(fs.lstatSync(book).isSymbolicLink()).toBe(true);
    expect((await ledgerState(path.join(real, "book.xlsx"))).paid).toHaveLength(3);
    expect(fs.readdirSync(path.join(real, ".reimburse", "backups"))).toHaveLength(1);
    expect((await pay("p2.xml")).stdout).toContain("Nothing to pay");
    await expectInvariant();
  });
});
