import { EngineRuns, Stage } from "../../src/taskpane/run-engine";
import { sampleWorkbook } from "../../src/workbook/sample";
import { readReimbursementRows } from "../../src/workbook/read-outputs";
import { SHEETS } from "../../src/workbook/contract";
import { MemoryHost, NOW, engineOn } from "./memory-host";

describe("preview and run through the engine the pane uses with Excel", () => {
  const sample = sampleWorkbook({ customers: 60, seed: 11 });

  it("previews without writing, then writes exactly the previewed run, reporting each stage", async () => {
    const host = new MemoryHost(sample);
    const engine = new EngineRuns(engineOn(host));
    const stages: Stage[] = [];
    const preview = await engine.preview({}, NOW, (s) => stages.push(s));
    expect(host.applied).toHaveLength(0);
    expect(preview.payees).toHaveLength(preview.summary.reimbursed);
    expect(preview.payees.every((p) => /^\d+(\.\d+)?$/.test(p.amount))).toBe(true);

    const written = await engine.run({}, NOW, preview.summary, (s) => stages.push(s));
    expect(written.summary).toEqual(preview.summary);
    expect(readReimbursementRows(host.book)).toHaveLength(preview.summary.reimbursed);
    expect(written.sheets.find((s) => s.name === SHEETS.reimbursements)?.rows).toBe(preview.summary.reimbursed);
    expect(stages).toEqual(["read", "plan", "read", "plan", "write"]);
  });

  it("writes nothing when the workbook changed since the preview", async () => {
    const host = new MemoryHost(sample);
    const engine = new EngineRuns(engineOn(host));
    const preview = await engine.preview({}, NOW, () => undefined);
    // Another run in between (a second pane, a colleague): the same credits are gone.
    await engine.run({}, NOW, preview.summary, () => undefined);
    const applied = host.applied.length;
    await expect(engine.run({}, NOW, preview.summary, () => undefined)).rejects.toThrow("The workbook changed since the preview");
    expect(host.applied).toHaveLength(applied);
  });
});
