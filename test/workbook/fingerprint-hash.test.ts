import fc from "fast-check";
import { sha256Hasher } from "../../src/workbook/fingerprint";

describe("the fingerprint's SHA-256", () => {
  it("is the same digest from Node's native hash (CLI) and from @noble/hashes (task pane)", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 5000 }), { maxLength: 5 }), (pieces) => {
        const native = sha256Hasher(true);
        const portable = sha256Hasher(false);
        for (const p of pieces) {
          native.update(p);
          portable.update(p);
        }
        expect(native.hex()).toBe(portable.hex());
      }),
      { numRuns: 200 },
    );
  });

  it("is the standard SHA-256 (FIPS 180-4 test vector 'abc')", () => {
    const h = sha256Hasher(false);
    h.update(new TextEncoder().encode("abc"));
    expect(h.hex()).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
