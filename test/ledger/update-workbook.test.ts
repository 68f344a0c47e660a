import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LedgerChange, WorkbookChangedError, lockPathOf, updateWorkbook } from "../../src/file/ledger-file";
import { LockedError } from "../../src/file/lock";
import { readXlsx } from "../../src/file/xlsx-read";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { WorkbookPatch, WorkbookSnapshot } from "../../src/workbook/grid";
import { tempDir } from "../support/cli-harness";
import { buildBook } from "../support/workbook-builder";

/**
 * The one layer every state-changing command writes through: what it promises an accountant
 * (the workbook updated where it is, all or nothing, never over someone else's save, the old
 * version kept), checked without the commands around it.
 */
const hash = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** The smallest real change: sheet Notes, created on first use, holding one note in A2. */
function note(snapshot: WorkbookSnapshot, text: string): WorkbookPatch {
  const exists = snapshot.sheets.some((s) => s.name === "Notes");
  const values = exists ? [[text]] : [["Note"], [text]];
  return { sheets: [{ sheet: "Notes", create: !exists, headerRow: 1, header: ["Note"], columnKinds: ["text"], blocks: [{ row: exists ? 2 : 1, col: 1, values }] }] };
}

let dir: string;
let book: string;
beforeEach(async () => {
  dir = tempDir("reimburse-ledger-");
  book = path.join(dir, "book.xlsx");
  await writeSnapshotXlsx(buildBook({ customers: [{ account: "C001" }], balances: [["C001", "EUR", -50]] }), book);
});
afterEach(() => {
  delete process.env.REIMBURSE_LOCK_WAIT_MS;
  delete process.env.REIMBURSE_KEEP_BACKUPS;
  delete process.env.REIMBURSE_TEST_PAUSE;
  delete process.env.REIMBURSE_TEST_PAUSED_FILE;
  fs.rmSync(dir, { recursive: true, force: true });
});

const change = (text: string, files: LedgerChange["files"] = []) => (snapshot: WorkbookSnapshot): LedgerChange => ({ patch: note(snapshot, text), files });
const notesOf = async (file: string) => (await readXlsx(file)).sheets.find((s) => s.name === "Notes")?.rows.slice(1).map((r) => r[0]);
const backupsOf = (folder: string) => {
  const f = path.join(folder, ".reimburse", "backups");
  return fs.existsSync(f) ? fs.readdirSync(f).sort() : [];
};

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("updating a workbook in place", () => {
  it("replaces the workbook with the changed version, its output file beside it, the old version as a backup", async () => {
    const before = hash(book);
    const result = await updateWorkbook(book, change("first", [{ path: path.join(dir, "pay.xml"), content: "<xml/>" }]), { command: "pay", outputFiles: [path.join(dir, "pay.xml")] });
    expect(result).toEqual(expect.objectContaining({ written: true, separate: false, workbook: fs.realpathSync(book) }));
    expect(await notesOf(book)).toEqual(["first"]);
    expect(fs.readFileSync(path.join(dir, "pay.xml"), "utf8")).toBe("<xml/>");
    const [backup] = backupsOf(dir);
    expect(backup).toMatch(/^book\.\d{8}-\d{6}-\d{3}\.pay\.xlsx$/);
    expect(hash(path.join(dir, ".reimburse", "backups", backup))).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual([".reimburse", "book.xlsx", "pay.xml"]);
    expect(fs.readdirSync(path.join(dir, ".reimburse"))).toEqual(["backups"]);
  });

  it("writes nothing at all, not even a backup, when the plan changes nothing", async () => {
    const before = hash(book);
    const result = await updateWorkbook(book, () => ({ patch: { sheets: [] } }), { command: "run" });
    expect(result.written).toBe(false);
    expect(hash(book)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(["book.xlsx"]);
  });

  it("copies an unchanged workbook byte for byte to --output, with the command's file, when only the file is new", async () => {
    const before = hash(book);
    const copy = path.join(dir, "copy.xlsx");
    const result = await updateWorkbook(book, () => ({ patch: { sheets: [] }, files: [{ path: path.join(dir, "export.csv"), content: "a;b\n" }] }), { command: "export", output: copy });
    expect(result).toEqual(expect.objectContaining({ written: true, separate: true, workbook: fs.realpathSync(dir) + "/copy.xlsx" }));
    expect(hash(copy)).toBe(before);
    expect(hash(book)).toBe(before);
    expect(fs.readFileSync(path.join(dir, "export.csv"), "utf8")).toBe("a;b\n");
    expect(fs.readdirSync(dir).sort()).toEqual(["book.xlsx", "copy.xlsx", "export.csv"]);
  });

  it("keeps the workbook's permissions", async () => {
    fs.chmodSync(book, 0o600);
    await updateWorkbook(book, change("x"), { command: "run" });
    expect(fs.statSync(book).mode & 0o777).toBe(0o600);
  });

  it("keeps the newest backups only, as many as REIMBURSE_KEEP_BACKUPS says", async () => {
    process.env.REIMBURSE_KEEP_BACKUPS = "2";
    for (const text of ["a", "b", "c"]) await updateWorkbook(book, change(text), { command: "run" });
    const kept = backupsOf(dir);
    expect(kept).toHaveLength(2);
    // The newest backup holds the version before the last change.
    expect(await notesOf(path.join(dir, ".reimburse", "backups", kept[1]))).toEqual(["b"]);
  });

  it("updates the file a symbolic link names, and leaves the link a link", async () => {
    const real = path.join(dir, "real");
    fs.mkdirSync(real);
    fs.renameSync(book, path.join(real, "book.xlsx"));
    fs.symlinkSync(path.join(real, "book.xlsx"), book);
    await updateWorkbook(book, change("via link"), { command: "run" });
    expect(fs.lstatSync(book).isSymbolicLink()).toBe(true);
    expect(await notesOf(path.join(real, "book.xlsx"))).toEqual(["via link"]);
    expect(backupsOf(real)).toHaveLength(1);
  });
});

describe("writing a separate ledger", () => {
  it("leaves the input as it was, and keeps a workbook it replaces with --force as a backup", async () => {
    const before = hash(book);
    const other = path.join(dir, "other.xlsx");
    fs.copyFileSync(book, other);
    await updateWorkbook(other, change("other's own"), { command: "run" });
    const replaced = hash(other);
    const result = await updateWorkbook(book, change("copy"), { command: "run", output: other, force: true });
    expect(result).toEqual(expect.objectContaining({ written: true, separate: true, workbook: fs.realpathSync(other) }));
    expect(hash(book)).toBe(before);
    expect(await notesOf(other)).toEqual(["copy"]);
    const kept = backupsOf(dir).filter((f) => f.startsWith("other."));
    expect(kept).toHaveLength(2);
    expect(kept.map((f) => hash(path.join(dir, ".reimburse", "backups", f)))).toContain(replaced);
  });
});

describe("a workbook that changed while the command ran", () => {
  it("is left as the other program saved it, and nothing of the command remains", async () => {
    const saved = Buffer.from("saved by Excel meanwhile");
    const attempt = updateWorkbook(book, (snapshot) => {
      fs.writeFileSync(book, saved);
      return { patch: note(snapshot, "stale"), files: [{ path: path.join(dir, "pay.xml"), content: "<xml/>" }] };
    }, { command: "pay", outputFiles: [path.join(dir, "pay.xml")] });
    await expect(attempt).rejects.toThrow(WorkbookChangedError);
    await expect(attempt).rejects.toThrow(/changed while this command ran .*nothing was written/);
    expect(fs.readFileSync(book).equals(saved)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(["book.xlsx"]);
  });
});

describe("a workbook changed meanwhile to other bytes of the same size", () => {
  it("is told from the version read as well: nothing is written", async () => {
    const before = fs.readFileSync(book);
    const saved = Buffer.from(before);
    saved[saved.length - 1] ^= 1;
    const attempt = updateWorkbook(book, (snapshot) => {
      fs.writeFileSync(book, saved);
      return { patch: note(snapshot, "stale") };
    }, { command: "run" });
    await expect(attempt).rejects.toThrow(WorkbookChangedError);
    expect(fs.readFileSync(book).equals(saved)).toBe(true);
  });
});

describe("the bytes read", () => {
  it("are held once, in memory a worker thread shares (the run's transactions reader gets no copy)", async () => {
    let shared = false;
    await updateWorkbook(book, (snapshot, read) => {
      shared = read.bytes.buffer instanceof SharedArrayBuffer;
      return change("x")(snapshot);
    }, { command: "run" });
    expect(shared).toBe(true);
  });
});

/** Pauses the next update after its commit, creates `file` meanwhile, and lets it go on. */
function fileAppearsAfterCommit(file: string): void {
  const signal = path.join(os.tmpdir(), `reimburse-paused-${process.pid}`);
  process.env.REIMBURSE_TEST_PAUSE = "after-commit:30000";
  process.env.REIMBURSE_TEST_PAUSED_FILE = signal;
  const appear = setInterval(() => {
    if (fs.existsSync(signal)) {
      fs.writeFileSync(file, "someone else's");
      fs.rmSync(signal);
      clearInterval(appear);
    }
  }, 10);
}

describe("an output file that cannot be put in place after the workbook was written", () => {
  it("undoes the workbook too: never marked without its file", async () => {
    const before = hash(book);
    const out = path.join(dir, "pay.xml");
    // Someone creates pay.xml after the workbook was replaced, before the file is put in place.
    fileAppearsAfterCommit(out);
    const attempt = updateWorkbook(book, change("paid", [{ path: out, content: "<xml/>" }]), { command: "pay" });
    await expect(attempt).rejects.toThrow(/pay\.xml: a file of that name appeared while the command ran; add --force/);
    expect(hash(book)).toBe(before);
    expect(fs.readFileSync(out, "utf8")).toBe("someone else's");
    expect(fs.readdirSync(dir).sort()).toEqual(["book.xlsx", "pay.xml"]);
  });
});

describe("a separate ledger whose output file cannot be put in place", () => {
  it("is removed again when it is new: the input as it was, no copy that says paid", async () => {
    const before = hash(book);
    const out = path.join(dir, "pay.xml");
    const copy = path.join(dir, "copy.xlsx");
    fileAppearsAfterCommit(out);
    const attempt = updateWorkbook(book, change("paid", [{ path: out, content: "<xml/>" }]), { command: "pay", output: copy });
    await expect(attempt).rejects.toThrow(/a file of that name appeared/);
    expect(hash(book)).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(["book.xlsx", "pay.xml"]);
  });
});

describe("a workbook replaced with --force whose output file cannot be put in place", () => {
  it("is put back as it was (from its backup), byte for byte", async () => {
    const other = path.join(dir, "other.xlsx");
    fs.copyFileSync(book, other);
    await updateWorkbook(other, change("other's own"), { command: "run" });
    const replaced = hash(other);
    const out = path.join(dir, "pay.xml");
    // After the commit a folder takes the output file's name: even --force cannot rename a file over it.
    const signal = path.join(os.tmpdir(), `reimburse-paused-${process.pid}`);
    process.env.REIMBURSE_TEST_PAUSE = "after-commit:30000";
    process.env.REIMBURSE_TEST_PAUSED_FILE = signal;
    const appear = setInterval(() => {
      if (fs.existsSync(signal)) {
        fs.mkdirSync(path.join(out, "taken"), { recursive: true });
        fs.rmSync(signal);
        clearInterval(appear);
      }
    }, 10);
    const attempt = updateWorkbook(book, change("paid", [{ path: out, content: "<xml/>" }]), { command: "pay", output: other, force: true });
    await expect(attempt).rejects.toThrow(/pay\.xml/);
    expect(hash(other)).toBe(replaced);
    expect(await notesOf(other)).toEqual(["other's own"]);
    expect(backupsOf(dir).filter((f) => f.startsWith("other."))).toHaveLength(1);
  });
});

describe("paths refused before anything is read or written", () => {
  it.each([
    ["a folder", () => dir, /it is a folder/],
    ["a device", () => "/dev/null", /it is a device/],
    ["an existing file without force", () => book.replace("book.xlsx", "exists.txt"), /exists\.txt already exists; add --force/],
    ["a file in a missing folder", () => path.join(dir, "nope", "x.xml"), /the folder .*nope does not exist/],
  ])("an output that is %s", async (_name, target, message) => {
    fs.writeFileSync(path.join(dir, "exists.txt"), "keep");
    const plan = jest.fn(change("x"));
    await expect(updateWorkbook(book, plan, { command: "pay", outputFiles: [target()] })).rejects.toThrow(message);
    expect(plan).not.toHaveBeenCalled();
  });

  it("a write-protected workbook: read-only marks a closed period", async () => {
    fs.chmodSync(book, 0o444);
    const plan = jest.fn(change("x"));
    await expect(updateWorkbook(book, plan, { command: "run" })).rejects.toThrow(/book\.xlsx: the file is read-only/);
    expect(plan).not.toHaveBeenCalled();
    // Writing a separate ledger from it is fine.
    await updateWorkbook(book, change("copy"), { command: "run", output: path.join(dir, "copy.xlsx") });
    expect(await notesOf(path.join(dir, "copy.xlsx"))).toEqual(["copy"]);
  });

  it("a workbook that is a folder", async () => {
    await expect(updateWorkbook(dir, change("x"), { command: "run" })).rejects.toThrow(/it is a folder/);
  });
});

describe("the lock beside the workbook", () => {
  const holder = (pid: number, host = os.hostname()) => JSON.stringify({ pid, host, command: "reimburse pay book.xlsx", time: "2026-11-24T09:30:00.000Z" });

  it("makes a second command wait a little, then stop naming the holder, with nothing written", async () => {
    process.env.REIMBURSE_LOCK_WAIT_MS = "150";
    // The parent of this test process is alive for as long as the test runs.
    fs.writeFileSync(lockPathOf(fs.realpathSync(book)), holder(process.ppid));
    const before = hash(book);
    const attempt = updateWorkbook(book, change("x"), { command: "run" });
    await expect(attempt).rejects.toThrow(LockedError);
    await expect(attempt).rejects.toThrow(`is in use by another Reimburse command: "reimburse pay book.xlsx" (process ${process.ppid} on ${os.hostname()}, since 2026-11-24T09:30:00.000Z)`);
    expect(hash(book)).toBe(before);
  });

  it("lets the second command go on once the first releases it", async () => {
    process.env.REIMBURSE_LOCK_WAIT_MS = "3000";
    const lock = lockPathOf(fs.realpathSync(book));
    fs.writeFileSync(lock, holder(process.ppid));
    setTimeout(() => fs.rmSync(lock), 200);
    await updateWorkbook(book, change("after"), { command: "run" });
    expect(await notesOf(book)).toEqual(["after"]);
  });

  it("is taken over when its holder on this machine is dead (kill -9)", async () => {
    process.env.REIMBURSE_LOCK_WAIT_MS = "0";
    fs.writeFileSync(lockPathOf(fs.realpathSync(book)), holder(deadPid()));
    await updateWorkbook(book, change("after a crash"), { command: "run" });
    expect(await notesOf(book)).toEqual(["after a crash"]);
    expect(fs.existsSync(lockPathOf(fs.realpathSync(book)))).toBe(false);
  });

  it("left empty by a holder killed while creating it is respected for a moment, then taken over", async () => {
    process.env.REIMBURSE_LOCK_WAIT_MS = "0";
    const lock = lockPathOf(fs.realpathSync(book));
    fs.writeFileSync(lock, "");
    await expect(updateWorkbook(book, change("x"), { command: "run" })).rejects.toThrow(LockedError);
    const secondsAgo = new Date(Date.now() - 5_000);
    fs.utimesSync(lock, secondsAgo, secondsAgo);
    await updateWorkbook(book, change("after a kill"), { command: "run" });
    expect(await notesOf(book)).toEqual(["after a kill"]);
  });

  it("from another machine is respected while fresh and taken over once old", async () => {
    process.env.REIMBURSE_LOCK_WAIT_MS = "0";
    const lock = lockPathOf(fs.realpathSync(book));
    fs.writeFileSync(lock, holder(1, "another-host"));
    await expect(updateWorkbook(book, change("x"), { command: "run" })).rejects.toThrow(/process 1 on another-host/);
    const hourAgo = new Date(Date.now() - 3_600_000);
    fs.utimesSync(lock, hourAgo, hourAgo);
    await updateWorkbook(book, change("later"), { command: "run" });
    expect(await notesOf(book)).toEqual(["later"]);
  });

  it("is held for the whole read-plan-write: two commands at once run one after the other", async () => {
    process.env.REIMBURSE_LOCK_WAIT_MS = "10000";
    const seen: string[][] = [];
    const appendNote = (text: string) => async (snapshot: WorkbookSnapshot) => {
      const rows = snapshot.sheets.find((s) => s.name === "Notes")?.rows ?? [];
      const texts = rows.slice(1).map((r) => String(r[0]));
      seen.push(texts);
      await new Promise((r) => setTimeout(r, 50));
      const patch: WorkbookPatch = rows.length
        ? { sheets: [{ sheet: "Notes", create: false, headerRow: 1, header: ["Note"], columnKinds: ["text"], blocks: [{ row: rows.length + 1, col: 1, values: [[text]] }] }] }
        : note(snapshot, text);
      return { patch };
    };
    await Promise.all([updateWorkbook(book, appendNote("one"), { command: "run" }), updateWorkbook(book, appendNote("two"), { command: "run" })]);
    expect(seen.map((s) => s.length).sort()).toEqual([0, 1]);
    expect((await notesOf(book))?.sort()).toEqual(["one", "two"]);
  });
});
