import { isFunctionError, valueError } from "../../src/functions/function-error";

describe("the #VALUE! a worksheet function returns", () => {
  afterEach(() => {
    delete (globalThis as { CustomFunctions?: unknown }).CustomFunctions;
  });

  it("has the shape of CustomFunctions.Error where Excel's runtime is absent (Jest, the CLI)", () => {
    expect(valueError("balance: expected an amount")).toEqual({ code: "#VALUE!", message: "balance: expected an amount" });
  });

  it("is Excel's own CustomFunctions.Error inside Excel, so the cell shows the message", () => {
    class ExcelError {
      constructor(readonly code: string, readonly message?: string) {}
    }
    (globalThis as { CustomFunctions?: unknown }).CustomFunctions = { Error: ExcelError, ErrorCode: { invalidValue: "#VALUE!" } };
    const error = valueError("minimum: expected zero or a positive number, found -5");
    expect(error).toBeInstanceOf(ExcelError);
    expect(error).toEqual(expect.objectContaining({ code: "#VALUE!", message: "minimum: expected zero or a positive number, found -5" }));
  });

  it("is told apart from the numbers and statuses next to it", () => {
    expect(isFunctionError(valueError("x"))).toBe(true);
    for (const other of [0, "Reimbursable", null, { error: "#N/A" }]) expect(isFunctionError(other)).toBe(false);
  });
});
