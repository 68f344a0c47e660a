import { parse } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { unzipSync } from "fflate";

/** The export's main file as CSV text; fails the test when it is a package or nothing. */
export function csvText(content: string | Uint8Array | null): string {
  if (typeof content !== "string") throw new Error(content === null ? "nothing exported" : "expected a CSV, got a package");
  return content;
}

export function csvRecords(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true }) as Record<string, string>[];
}

/** A zip's entries in archive order, by name. */
export function unzip(content: string | Uint8Array | null): [string, Uint8Array][] {
  if (!(content instanceof Uint8Array)) throw new Error(content === null ? "nothing exported" : "expected a zip, got text");
  return Object.entries(unzipSync(content));
}

/** A Data management CSV-Unicode file: UTF-16 LE with a byte order mark. */
export function utf16Text(bytes: Uint8Array): string {
  if (bytes[0] !== 0xff || bytes[1] !== 0xfe) throw new Error("no UTF-16 LE byte order mark");
  return new TextDecoder("utf-16le").decode(bytes.subarray(2));
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", removeNSPrefix: true, parseTagValue: false, isArray: (name) => ["DataManagementPackageEntityData", "EntityMap"].includes(name) });

export function parseXml(bytes: Uint8Array | string): Record<string, unknown> {
  return xml.parse(typeof bytes === "string" ? bytes : new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

export interface PackageEntity {
  entityName: string;
  target: string;
  file: string;
  level: number;
  mappedFields: string[];
  header: string[];
  rows: Record<string, string>[];
}

export interface OpenedPackage {
  names: string[];
  header: Record<string, string>;
  definitionGroup: string;
  /** In the manifest's import order (execution unit, then level, then sequence). */
  entities: PackageEntity[];
  rows: (entityName: string) => Record<string, string>[];
}

interface ManifestEntity {
  EntityName: string;
  TargetEntity: string;
  InputFilePath: string;
  ExecutionUnit: string;
  LevelInExecutionUnit: string;
  SequenceInLevel: string;
  SourceFormat: string;
  EntityMapList: { EntityMap: { EntityField: string; XMLField: string }[] };
}

/** Opens a Data management package as D365 would: manifest, header, and every entity file parsed. */
export function openPackage(content: string | Uint8Array | null): OpenedPackage {
  const entries = unzip(content);
  const files = new Map(entries);
  const manifest = parseXml(files.get("Manifest.xml") ?? "").DataManagementPackageManifest as { DefinitionGroupName: string; PackageEntityList: { DataManagementPackageEntityData: ManifestEntity[] } };
  const header = parseXml(files.get("PackageHeader.xml") ?? "").DataManagementPackageHeader as Record<string, string>;
  const order = (e: ManifestEntity): number[] => [Number(e.ExecutionUnit), Number(e.LevelInExecutionUnit), Number(e.SequenceInLevel)];
  const sorted = [...manifest.PackageEntityList.DataManagementPackageEntityData].sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  const entities = sorted.map((e): PackageEntity => {
    const bytes = files.get(e.InputFilePath);
    if (!bytes) throw new Error(`the manifest names ${e.InputFilePath}, which is not in the package`);
    expect(e.SourceFormat).toBe("CSV-Unicode");
    const text = utf16Text(bytes);
    const [headerRow] = parse(text, { to_line: 1 }) as string[][];
    return {
      entityName: e.EntityName, target: e.TargetEntity, file: e.InputFilePath, level: Number(e.LevelInExecutionUnit),
      mappedFields: e.EntityMapList.EntityMap.map((m) => m.XMLField), header: headerRow, rows: csvRecords(text),
    };
  });
  return {
    names: entries.map(([name]) => name), header, definitionGroup: manifest.DefinitionGroupName, entities,
    rows: (name) => entities.find((e) => e.entityName === name)?.rows ?? [],
  };
}
