import { isSepaIdentifier, toSepaText } from "../../src/payments/sepa-text";

describe("text in a SEPA payment file", () => {
  it.each([
    ["Müller & Söhne GmbH", "Muller + Sohne GmbH"],
    ["Ærøskøbing Straße 5", "AEroskobing Strasse 5"],
    ["Łukasz Żółć", "Lukasz Zolc"],
    ["  Dupont\t\"SARL\"  ", "Dupont 'SARL'"],
    ["a@b.com; x_y", "a b.com x-y"],
    ["王小明", ""],
  ])("transliterates %j to %j", (text, sepa) => {
    expect(toSepaText(text, 70)).toBe(sepa);
  });

  it("cuts names to the 70 characters the schema allows, without a trailing space", () => {
    expect(toSepaText(`${"a".repeat(69)} b`, 70)).toBe("a".repeat(69));
  });

  it("accepts as references only SEPA characters without spaces, and no leading, trailing or double slash", () => {
    expect(["RB-000001", "RUN/2026/1", "A".repeat(35)].map((id) => isSepaIdentifier(id))).toEqual([true, true, true]);
    expect(["/RB1", "RB1/", "RB//1", "RB 1", "RB_1", "A".repeat(36), ""].map((id) => isSepaIdentifier(id))).toEqual([false, false, false, false, false, false, false]);
  });
});
