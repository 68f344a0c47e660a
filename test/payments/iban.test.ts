import { isSepaIban, isValidBic, isValidIban, normaliseIban } from "../../src/payments/iban";

describe("bank account checks", () => {
  it("accepts an IBAN typed in groups and in lower case when its check digits are right", () => {
    expect(normaliseIban(" fr76 3000 6000 0112 3456 7890 189 ")).toBe("FR7630006000011234567890189");
    expect(isValidIban("fr76 3000 6000 0112 3456 7890 189")).toBe(true);
    expect(isValidIban("FR76 3000 6000 0112 3456 7890 188")).toBe(false);
    expect(isValidIban("not an iban")).toBe(false);
  });

  it("knows which countries SEPA reaches, and what a BIC looks like", () => {
    expect([isSepaIban("DE89370400440532013000"), isSepaIban("BR1800360305000010009795493C1")]).toEqual([true, false]);
    expect([isValidBic("BNPAFRPPXXX"), isValidBic("bnpafrpp"), isValidBic("BNPA")]).toEqual([true, true, false]);
  });
});
