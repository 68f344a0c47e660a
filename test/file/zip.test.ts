import { existsSync, promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UnsupportedZip, ZipReader, ZipWriter, zipTuning } from "../../src/file/zip";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), "reimburse-zip-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const path = (name: string): string => join(dir, name);

async function contents(file: string): Promise<Map<string, string>> {
  const zip = await ZipReader.open(file);
  try {
    const out = new Map<string, string>();
    for (const entry of zip.entries) out.set(entry.name, entry.name.endsWith("/") ? "" : await zip.text(entry));
    return out;
  } finally {
    await zip.close();
  }
}

async function* pieces(): AsyncGenerator<string | Uint8Array> {
  for (let i = 0; i < 5000; i++) yield i % 2 ? `<row r="${i}"/>` : Buffer.from(`é${i}`, "utf8");
}

async function writeSource(file: string): Promise<void> {
  const out = await ZipWriter.create(file);
  await out.add("a.xml", ["<a>", "é", "</a>"]);
  await out.add("big.xml", pieces(), 1);
  await out.add("stored.bin", [new Uint8Array([1, 2, 3])], 0);
  await out.finish();
}

describe("zip adapter", () => {
  it("round-trips entries added piece by piece and copied from another archive", async () => {
    await writeSource(path("src.zip"));
    const src = await ZipReader.open(path("src.zip"));
    try {
      expect(src.entries.map((e) => e.name)).toEqual(["a.xml", "big.xml", "stored.bin"]);
      expect(src.find("stored.bin")?.raw.compressionMethod).toBe(0);
      const out = await ZipWriter.create(path("copy.zip"));
      for (const entry of src.entries) await out.copy(src, entry);
      await out.finish();
      const copied = await ZipReader.open(path("copy.zip"));
      // A stored entry stays stored: copying keeps the original's choice.
      expect(copied.find("stored.bin")?.raw.compressionMethod).toBe(0);
      await copied.close();
    } finally {
      await src.close();
    }
    const expected = await contents(path("src.zip"));
    expect(expected.get("a.xml")).toBe("<a>é</a>");
    expect(await contents(path("copy.zip"))).toEqual(expected);
  });

  it("streams in chunks no larger than asked", async () => {
    const zip = await ZipReader.open(path("src.zip"));
    try {
      const entry = zip.find("big.xml");
      if (!entry) throw new Error("no big.xml");
      const chunks: Buffer[] = [];
      for await (const chunk of zip.stream(entry, 61)) chunks.push(chunk);
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(61);
      expect(Buffer.concat(chunks).toString("utf8")).toBe(await zip.text(entry));
      expect(zipTuning.chunkSize).toBe(1 << 20);
    } finally {
      await zip.close();
    }
  });

  it("refuses what is not a zip, and encrypted entries, with UnsupportedZip", async () => {
    await fs.writeFile(path("not.zip"), "plain text, not an archive");
    await expect(ZipReader.open(path("not.zip"))).rejects.toBeInstanceOf(UnsupportedZip);
    const bytes = await fs.readFile(path("src.zip"));
    // Set the "encrypted" flag in every central directory record.
    for (let i = bytes.indexOf(Buffer.from([0x50, 0x4b, 1, 2])); i >= 0; i = bytes.indexOf(Buffer.from([0x50, 0x4b, 1, 2]), i + 4)) bytes[i + 8] |= 1;
    await fs.writeFile(path("encrypted.zip"), bytes);
    await expect(ZipReader.open(path("encrypted.zip"))).rejects.toBeInstanceOf(UnsupportedZip);
  });

  it("leaves system errors alone", async () => {
    await expect(ZipReader.open(path("missing.zip"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("reports a failing producer and can be aborted", async () => {
    async function* failing(): AsyncGenerator<string> {
      yield "<start>";
      throw new Error("producer failed");
    }
    const out = await ZipWriter.create(path("failed.zip"));
    await expect(out.add("x.xml", failing())).rejects.toThrow("producer failed");
    await out.abort();
    expect(existsSync(path("failed.zip"))).toBe(true); // removing it is replaceFileAtomically's job
  });

  it("never overwrites an existing file", async () => {
    await expect(ZipWriter.create(path("src.zip"))).rejects.toMatchObject({ code: "EEXIST" });
  });
});
