import { postalAddress } from "../../src/payments/postal-address";
import { isCountryCode } from "../../src/payments/countries";

describe("postal addresses as banks accept them since November 2026", () => {
  it("are structured when Street is given, with building number, postal code, town and country", () => {
    expect(postalAddress({ street: "Hauptstraße", buildingNumber: "12a", postalCode: "10115", town: "Berlin", country: "de", address: "Hauptstraße 12a" })).toEqual({
      ok: true, address: { kind: "structured", street: "Hauptstrasse", buildingNumber: "12a", postalCode: "10115", town: "Berlin", country: "DE" },
    });
  });

  it("are hybrid (at most two lines, town and country) when only the Address line is there", () => {
    expect(postalAddress({ address: "Corso Vittorio Emanuele II, 41", postalCode: "20122", town: "Milano", country: "IT" })).toEqual({
      ok: true, address: { kind: "hybrid", lines: ["Corso Vittorio Emanuele II, 41"], postalCode: "20122", town: "Milano", country: "IT" },
    });
    const long = `${"Unit 4, Riverside Business Park ".repeat(3)}Lower Road`;
    const result = postalAddress({ address: long, town: "Leeds", country: "GB" });
    if (!result.ok || result.address?.kind !== "hybrid") throw new Error("expected a hybrid address");
    expect(result.address.lines).toHaveLength(2);
    expect(result.address.lines.every((l) => l.length <= 70)).toBe(true);
    expect(postalAddress({ address: "x ".repeat(80), town: "Leeds", country: "GB" })).toMatchObject({ ok: false, field: "address" });
  });

  it("are never lines only: a town and a country are required once anything is given", () => {
    expect(postalAddress({ address: "12 High Street" })).toMatchObject({ ok: false, field: "town" });
    expect(postalAddress({ address: "12 High Street", town: "London" })).toMatchObject({ ok: false, field: "country" });
    expect(postalAddress({ street: "High Street", town: "London", country: "UK" })).toMatchObject({ ok: false, field: "country", reason: expect.stringContaining("ISO 3166") });
    expect(postalAddress({ town: "London", country: "United Kingdom" })).toMatchObject({ ok: false, field: "country" });
  });

  it("are absent when every cell is empty", () => {
    expect(postalAddress({ address: " ", street: null, town: "" })).toEqual({ ok: true, address: null });
  });

  it("respect the schema's lengths", () => {
    expect(postalAddress({ street: "S", buildingNumber: "1".repeat(17), town: "T", country: "NL" })).toMatchObject({ ok: false, field: "buildingNumber" });
    expect(postalAddress({ street: "S", town: "T".repeat(36), country: "NL" })).toMatchObject({ ok: false, field: "town" });
  });

  it("know ISO 3166 country codes", () => {
    expect(["NL", "GB", "JE", "US", "XK"].every(isCountryCode)).toBe(true);
    expect(["UK", "EU", "ZZ", "QQ", "nl", "NLD"].some(isCountryCode)).toBe(false);
  });
});
