import fc from "fast-check";
import { utf16le, zipFiles } from "../../src/export/zip";
import { nextExportId } from "../../src/export/export-id";
import { unzip, utf16Text } from "./export-files";

describe("export ids", () => {
  it("are EXP-<date>-<n>, one more than the last export of that day", () => {
    expect(nextExportId([], "2026-11-30")).toBe("EXP-20261130-001");
    expect(nextExportId(["EXP-20261130-001", "EXP-20261130-007", "EXP-20261129-042"], "2026-11-30")).toBe("EXP-20261130-008");
    expect(nextExportId(["EXP-20261129-042"], "2026-11-30")).toBe("EXP-20261130-001");
  });

  it("never repeat an id already used, whatever ids came before", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 999 })), (numbers) => {
      const used = numbers.map((n) => `EXP-20261130-${String(n).padStart(3, "0")}`);
      const next = nextExportId(used, "2026-11-30");
      expect(used).not.toContain(next);
      expect(next.length).toBeLessThanOrEqual(20);
    }));
  });
});

describe("the zip writer", () => {
  it("keeps the entries' order and bytes, and gives the same export the same bytes", () => {
    const entries = [{ name: "Manifest.xml", content: "<a>é</a>" }, { name: "b.csv", content: utf16le("x,ÿ\r\n") }];
    const zip = zipFiles(entries, new Date("2026-11-30T12:00:00Z"));
    expect(unzip(zip).map(([name]) => name)).toEqual(["Manifest.xml", "b.csv"]);
    expect(new TextDecoder().decode(unzip(zip)[0][1])).toBe("<a>é</a>");
    expect(utf16Text(unzip(zip)[1][1])).toBe("x,ÿ\r\n");
    expect(zipFiles(entries, new Date("2026-11-30T12:00:00Z"))).toEqual(zip);
    expect(() => zipFiles([entries[0], entries[0]], new Date())).toThrow(/two entries named Manifest.xml/);
  });

  it("writes UTF-16 LE with one byte order mark, also for a text that starts with one", () => {
    expect([...utf16le("A")]).toEqual([0xff, 0xfe, 0x41, 0x00]);
    expect([...utf16le("\ufeffA")]).toEqual([0xff, 0xfe, 0x41, 0x00]);
  });
});
