import { idsSeen } from "../../src/workbook/ids-seen";
import { sheet } from "../support/workbook-builder";

describe("ids seen anywhere in the workbook", () => {
  it("finds every text cell with a prefix, on any sheet, whatever its case or leading spaces", () => {
    const book = {
      sheets: [
        sheet("Customers", [["Customer account", "Vendor account"], ["C1", "otv-000009"], ["C2", 42], ["C3", "OTV"]]),
        sheet("Archive 2025", [["Invoice"], ["  RB-000120"], ["Rb-000007x"], ["RBP-20261124-101500-A1B2C3"], [null]]),
      ],
    };
    const seen = idsSeen(book, ["RB-", "OTV-", "É-"]);
    expect(seen.get("RB-")).toEqual(["RB-000120", "Rb-000007x"]);
    expect(seen.get("OTV-")).toEqual(["otv-000009"]);
    expect(seen.get("É-")).toEqual([]);
  });

  it("compares a prefix outside ASCII without folding its letters by hand", () => {
    const seen = idsSeen({ sheets: [sheet("X", [["é-000003"], ["É-000004"], ["E-000005"]])] }, ["É-"]);
    expect(seen.get("É-")).toEqual(["é-000003", "É-000004"]);
  });
});
