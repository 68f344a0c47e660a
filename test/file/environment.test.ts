import { numberFromEnvironment } from "../../src/file/environment";

describe("a tuning knob from the environment", () => {
  const name = "REIMBURSE_TEST_KNOB";
  afterEach(() => delete process.env[name]);
  const read = (value: string | undefined): number | undefined => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
    return numberFromEnvironment(name, (n) => n >= 0 && n < 1);
  };

  it("is its number when set and accepted", () => {
    expect(read("0")).toBe(0);
    expect(read(" 0.25 ")).toBe(0.25);
  });

  it("is left to the default when unset, empty, not a number, or not accepted", () => {
    expect(read(undefined)).toBeUndefined();
    expect(read("")).toBeUndefined();
    expect(read("  ")).toBeUndefined();
    expect(read("half")).toBeUndefined();
    expect(read("Infinity")).toBeUndefined();
    expect(read("1")).toBeUndefined();
    expect(read("-0.5")).toBeUndefined();
  });
});
