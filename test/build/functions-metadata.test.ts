import path from "path";
import { IFunction, generateCustomFunctionsMetadata } from "custom-functions-metadata";
import { CATALOGUE } from "../../src/i18n/catalogue";

/**
 * functions.json as the build makes it (custom-functions-metadata-plugin calls this same
 * generator on the same file): what Excel learns about the CUSTOMER.* functions.
 */
const { allowErrorInputs, loadCatalogue, metadataFiles } = require("../../scripts/functions-metadata") as {
  allowErrorInputs(json: string): string;
  loadCatalogue(): typeof CATALOGUE;
  metadataFiles(json: string, catalogue?: typeof CATALOGUE): Record<string, string>;
};

const FUNCTIONS = path.resolve(__dirname, "..", "..", "src", "functions", "functions.ts");

let metadataJson: string;
let functions: IFunction[];
let associations: { functionName: string; id: string }[];

beforeAll(async () => {
  const result = await generateCustomFunctionsMetadata(FUNCTIONS);
  expect(result.errors).toEqual([]);
  metadataJson = result.metadataJson;
  functions = (JSON.parse(result.metadataJson) as { functions: IFunction[] }).functions;
  associations = result.associate;
}, 60_000);

const fn = (id: string): IFunction => {
  const found = functions.find((f) => f.id === id);
  if (!found) throw new Error(`no function ${id} in functions.json`);
  return found;
};

describe("functions.json", () => {
  it("declares exactly REIMBURSABLE, REIMBURSEMENTSTATUS and CREDITBALANCE, each bound to its JavaScript function", () => {
    expect(functions.map((f) => [f.id, f.name])).toEqual([
      ["REIMBURSABLE", "REIMBURSABLE"],
      ["REIMBURSEMENTSTATUS", "REIMBURSEMENTSTATUS"],
      ["CREDITBALANCE", "CREDITBALANCE"],
    ]);
    expect(associations.map((a) => [a.id, a.functionName])).toEqual([
      ["REIMBURSABLE", "reimbursable"],
      ["REIMBURSEMENTSTATUS", "reimbursementStatus"],
      ["CREDITBALANCE", "creditBalance"],
    ]);
  });

  it("takes the balance as a range and the minimum and rate as optional values of any type", () => {
    for (const id of ["REIMBURSABLE", "REIMBURSEMENTSTATUS"]) {
      expect(fn(id).parameters.map((p) => ({ name: p.name, type: p.type, dimensionality: p.dimensionality, optional: p.optional }))).toEqual([
        { name: "balance", type: "any", dimensionality: "matrix", optional: undefined },
        { name: "minimum", type: "any", dimensionality: undefined, optional: true },
        { name: "rate", type: "any", dimensionality: undefined, optional: true },
      ]);
    }
  });

  it("takes the account as a range and the currency as an optional value", () => {
    expect(fn("CREDITBALANCE").parameters.map((p) => ({ name: p.name, type: p.type, dimensionality: p.dimensionality, optional: p.optional }))).toEqual([
      { name: "account", type: "any", dimensionality: "matrix", optional: undefined },
      { name: "currency", type: "any", dimensionality: undefined, optional: true },
    ]);
  });

  it("spills a result per cell and is recalculated with the sheets it reads but does not reference", () => {
    for (const f of functions) {
      expect(f.result).toEqual({ dimensionality: "matrix" });
      expect(f.options).toEqual({ volatile: true });
    }
  });

  it("describes every function and parameter for Excel's formula autocomplete", () => {
    for (const f of functions) {
      expect(f.description?.length).toBeGreaterThan(20);
      for (const p of f.parameters) expect(p.description?.length).toBeGreaterThan(10);
    }
    expect(fn("REIMBURSABLE").parameters[1].description).toContain("Parameters sheet");
    expect(fn("REIMBURSABLE").parameters[2].description).toContain("Default: 1");
    expect(fn("REIMBURSEMENTSTATUS").description).toContain("Below minimum");
    expect(fn("CREDITBALANCE").parameters[1].description).toContain("Accounting currency");
  });

  it("lets Excel pass error values in, so one #N/A in a range is one answer, not the whole spill", () => {
    const shipped = JSON.parse(allowErrorInputs(metadataJson)) as { allowErrorForDataTypeAny?: boolean; allowCustomDataForDataTypeAny?: boolean; functions: IFunction[] };
    expect(shipped.allowErrorForDataTypeAny).toBe(true);
    expect(shipped.allowCustomDataForDataTypeAny).toBe(true);
    expect(shipped.functions).toEqual(functions);
  });
});

describe("functions.json in each language of the catalogue", () => {
  type Shipped = { allowErrorForDataTypeAny?: boolean; functions: IFunction[] };
  let files: Record<string, string>;
  const parsed = (name: string): Shipped => JSON.parse(files[name]) as Shipped;
  const shape = (f: IFunction) => ({ ...f, description: undefined, parameters: f.parameters.map((p) => ({ ...p, description: undefined })) });
  const texts = (metadata: Shipped): string[] => metadata.functions.flatMap((f) => [f.description ?? "", ...f.parameters.map((p) => p.description ?? "")]);

  beforeAll(() => {
    files = metadataFiles(metadataJson);
  });

  it("ships an English and a Dutch (nl-NL) file", () => {
    expect(Object.keys(files).sort()).toEqual(["functions.json", "functions.nl-NL.json"]);
  });

  it("takes the English descriptions from the catalogue, which says what the JSDoc says", () => {
    // The JSDoc stays for the generator and the code's reader; a change to one without the other fails here.
    expect(parsed("functions.json")).toEqual(JSON.parse(allowErrorInputs(metadataJson)));
    expect(fn("REIMBURSABLE").description).toBe(CATALOGUE["fn.REIMBURSABLE"][0]);
  });

  it("declares in Dutch the same functions, ids, names, parameters and options as in English", () => {
    const nl = parsed("functions.nl-NL.json");
    const en = parsed("functions.json");
    expect(nl.functions.map(shape)).toEqual(en.functions.map(shape));
    expect(nl.allowErrorForDataTypeAny).toBe(true);
    expect(nl.functions.map((f) => f.id)).toEqual(["REIMBURSABLE", "REIMBURSEMENTSTATUS", "CREDITBALANCE"]);
  });

  it("describes every function and parameter in Dutch, none left in English", () => {
    const nl = texts(parsed("functions.nl-NL.json"));
    const en = texts(parsed("functions.json"));
    expect(nl).toHaveLength(en.length);
    nl.forEach((text, i) => expect(text).not.toBe(en[i]));
    expect(nl.join(" ")).not.toMatch(/\b(the|when|Default|range|per unit)\b/);
    expect(parsed("functions.nl-NL.json").functions[0].parameters[1].description).toBe("Minimale terugbetaling in de boekhoudvaluta. Standaard: Minimum reimbursement op het blad Parameters.");
  });

  it("reads the catalogue the pane uses, compiled from its TypeScript", () => {
    expect(loadCatalogue()).toEqual(CATALOGUE);
  });

  it("stops the build for a function the catalogue does not describe", () => {
    const { "fn.CREDITBALANCE": _dropped, ...rest } = CATALOGUE;
    expect(() => metadataFiles(metadataJson, rest as typeof CATALOGUE)).toThrow(/fn\.CREDITBALANCE/);
  });
});
