import fc from "fast-check";
import { latin1 } from "../../src/file/byte-text";

describe("text out of a part's bytes", () => {
  it("gives the ASCII bytes' text at every length and offset, from a Buffer or a plain Uint8Array", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 127 }), { maxLength: 40 }), fc.nat(), fc.nat(), (codes, a, b) => {
        const bytes = Uint8Array.from(codes);
        const start = codes.length ? a % (codes.length + 1) : 0;
        const end = start + (codes.length - start ? b % (codes.length - start + 1) : 0);
        const expected = String.fromCharCode(...codes.slice(start, end));
        expect(latin1(Buffer.from(bytes), start, end)).toBe(expected);
        expect(latin1(bytes, start, end)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
