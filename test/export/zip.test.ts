import { utf16le, zipFiles } from "../../src/export/zip";
import { unzip, utf16Text } from "./export-files";

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
