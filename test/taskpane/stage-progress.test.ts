import { setLanguage } from "../../src/i18n/i18n";
import { stagePercent, stageText } from "../../src/taskpane/pane-context";
import { WorkbookHost } from "../../src/taskpane/workbook-host";

const excel = { mode: "excel" } as WorkbookHost;
const file = { mode: "file" } as WorkbookHost;

afterEach(() => setLanguage("en"));

describe("the progress of an action, step by step with its counts", () => {
  it("names what each planning step counts, and the rows read and written", () => {
    expect(stageText(excel, "read", 0, 1)).toBe("Step 1 of 3: reading the workbook…");
    expect(stageText(excel, "read", 40_000, 120_000)).toBe("Step 1 of 3: read 40,000 of 120,000 rows…");
    expect(stageText(file, "plan", 0, 20_000, "customers")).toBe("Step 2 of 3: planning 20,000 customers…");
    expect(stageText(file, "plan", 0, 4_321, "invoices")).toBe("Step 2 of 3: preparing 4,321 vendor invoices…");
    expect(stageText(file, "plan", 0, 1, "invoices")).toBe("Step 2 of 3: preparing 1 vendor invoice…");
    expect(stageText(file, "plan", 0, 12, "reimbursements")).toBe("Step 2 of 3: checking 12 reimbursements…");
    expect(stageText(file, "plan", 0, 3, "payments")).toBe("Step 2 of 3: matching 3 transfers…");
    expect(stageText(excel, "write", 500, 4_000)).toBe("Step 3 of 3: written 500 of 4,000 rows…");
    expect(stageText(file, "write", 0, 4_000)).toBe("Step 3 of 3: writing 4,000 rows…");
  });

  it("says the same in Dutch, with Dutch digit grouping", () => {
    setLanguage("nl-NL", "nl-NL");
    expect(stageText(file, "plan", 0, 4_321, "invoices")).toBe("Stap 2 van 3: 4.321 leveranciersfacturen worden voorbereid…");
    expect(stageText(excel, "read", 40_000, 120_000)).toBe("Stap 1 van 3: 40.000 van 120.000 rijen gelezen…");
    expect(stageText(file, "plan", 0, 1, "reimbursements")).toBe("Stap 2 van 3: 1 terugbetaling wordt gecontroleerd…");
  });

  it("moves a determinate bar through the three steps, never past the end", () => {
    expect(stagePercent("read", 0, 1)).toBe(0);
    expect(stagePercent("read", 1, 2)).toBe(17);
    expect(stagePercent("plan", 0, 20_000)).toBe(33);
    expect(stagePercent("write", 2, 4)).toBe(83);
    expect(stagePercent("write", 5, 4)).toBe(100);
    expect(stagePercent("plan", 0, 0)).toBe(33);
  });
});
