import fc from "fast-check";
import { addDays } from "../../src/core/dates";
import { PastExecutionDateError, executionDate } from "../../src/payments/execution-date";
import { easterSunday, isTarget2BusinessDay, nextTarget2BusinessDay, target2ClosingReason } from "../../src/payments/target2-calendar";

describe("the TARGET2 calendar", () => {
  it("knows Easter Sunday (checked against published dates)", () => {
    expect(["2024", "2025", "2026", "2027", "2038", "2285"].map((y) => easterSunday(Number(y)))).toEqual(["2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2038-04-25", "2285-03-22"]);
  });

  it("is closed on weekends, 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December", () => {
    expect(["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-12-25", "2025-12-26", "2026-12-05", "2026-12-06"].map(target2ClosingReason)).toEqual([
      "New Year's Day", "Good Friday", "Easter Monday", "Labour Day", "Christmas Day", "Boxing Day", "Saturday", "Sunday",
    ]);
    // Open on national holidays that are not TARGET2 holidays (Ascension, Whit Monday, King's Day).
    expect(["2026-05-14", "2026-05-25", "2026-04-27", "2026-12-24", "2026-12-31"].every(isTarget2BusinessDay)).toBe(true);
  });

  it("moves to the next business day, which is the first open day on or after the date", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 80 }), (offset) => {
        const date = addDays("2000-01-01", offset);
        const next = nextTarget2BusinessDay(date);
        expect(isTarget2BusinessDay(next)).toBe(true);
        for (let d = date; d < next; d = addDays(d, 1)) expect(isTarget2BusinessDay(d)).toBe(false);
        // Never more than four days on: Good Friday to the Tuesday after Easter.
        expect(next <= addDays(date, 4)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("the requested execution date", () => {
  it("keeps a business day today or later", () => {
    expect(executionDate("2026-12-02", "option", "2026-12-01")).toEqual({ date: "2026-12-02", requested: "2026-12-02", source: "option", moves: [] });
  });

  it("moves a weekend or TARGET2 holiday to the next business day, and says so", () => {
    expect(executionDate("2026-12-05", "option", "2026-12-01").moves).toEqual(["2026-12-05 is a Saturday: moved to the next business day, 2026-12-07"]);
    expect(executionDate("2026-12-25", "option", "2026-12-01")).toMatchObject({ date: "2026-12-28", moves: ["2026-12-25 is a TARGET2 holiday (Christmas Day): moved to the next business day, 2026-12-28"] });
    expect(executionDate("2027-03-26", "parameters", "2027-03-01").date).toBe("2027-03-30");
  });

  it("refuses a past date the user typed, and pays a past Reimbursement date from today", () => {
    expect(() => executionDate("2026-11-30", "option", "2026-12-01")).toThrow(PastExecutionDateError);
    expect(executionDate("2026-11-24", "parameters", "2026-12-01")).toMatchObject({ date: "2026-12-01", moves: ["the Reimbursement date 2026-11-24 is in the past: paying from today, 2026-12-01"] });
    expect(executionDate("2026-11-24", "parameters", "2026-12-05")).toMatchObject({ date: "2026-12-07" });
  });
});
