/**
 * functions.json as custom-functions-metadata generates it, plus what its JSDoc tags cannot
 * say, and one copy per language of the pane's catalogue (src/i18n/catalogue.ts): the
 * descriptions Excel's formula autocomplete shows come from the catalogue, so the functions speak
 * the same English and Dutch as the pane. Kept apart from webpack.config.js so a test can check
 * the very transform the build uses.
 */
const fs = require("fs");
const path = require("path");

const CATALOGUE_FILE = path.resolve(__dirname, "..", "src", "i18n", "catalogue.ts");

/** The languages besides English that get their own metadata file, and the file's name. */
const LOCALIZED = [{ language: "nl-NL", column: 1, asset: "functions.nl-NL.json" }];

/**
 * Lets Excel call the functions with error values among their `any` arguments
 * (allowErrorForDataTypeAny), so one #N/A in a range of balances is one #VALUE! answer with a
 * message instead of #N/A over the whole spill, and a VLOOKUP that finds no rate reads as
 * "No rate". The generator has no JSDoc tag for it; Microsoft documents it for hand-written
 * metadata, which the file is once this runs.
 */
function allowErrorInputs(metadataJson) {
  const metadata = JSON.parse(metadataJson);
  // allowCustomDataForDataTypeAny: an entity (a linked data type) arrives as its object, with the
  // text the cell shows, instead of its basic value, the error #VALUE!.
  return JSON.stringify({ allowErrorForDataTypeAny: true, allowCustomDataForDataTypeAny: true, ...metadata }, null, 4);
}

/**
 * The catalogue module, compiled with the TypeScript the build already uses (the catalogue is
 * plain data: no imports), so the build and the pane read the same texts.
 */
function loadCatalogue(file = CATALOGUE_FILE) {
  const ts = require("typescript");
  const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
  });
  const mod = { exports: {} };
  new Function("module", "exports", "require", outputText)(mod, mod.exports, require);
  return mod.exports.CATALOGUE;
}

function text(catalogue, key, column) {
  const entry = catalogue[key];
  // A new function or parameter without catalogue texts stops the build instead of shipping English only.
  if (!entry || !entry[column]) throw new Error(`src/i18n/catalogue.ts has no text "${key}" for the functions' metadata`);
  return entry[column];
}

/**
 * The metadata with every function's and parameter's description taken from the catalogue's
 * column (0 English, 1 Dutch): "fn.<ID>" and "fn.param.<name>". Ids, names, types and options
 * are left as generated, so every language's file declares the same functions.
 */
function localizedMetadata(metadataJson, catalogue, column) {
  const metadata = JSON.parse(metadataJson);
  const functions = metadata.functions.map((f) => ({
    ...f,
    description: text(catalogue, `fn.${f.id}`, column),
    parameters: f.parameters.map((p) => ({ ...p, description: text(catalogue, `fn.param.${p.name}`, column) })),
  }));
  return JSON.stringify({ ...metadata, functions }, null, 4);
}

/** Every metadata file the build ships, by asset name, from the generator's functions.json. */
function metadataFiles(generatedJson, catalogue = loadCatalogue()) {
  const shipped = allowErrorInputs(generatedJson);
  const files = { "functions.json": localizedMetadata(shipped, catalogue, 0) };
  for (const { column, asset } of LOCALIZED) files[asset] = localizedMetadata(shipped, catalogue, column);
  return files;
}

/** Webpack plugin: rewrites the emitted functions.json and adds the other languages' files beside it. */
class FunctionsMetadataExtrasPlugin {
  constructor(asset = "functions.json") {
    this.asset = asset;
  }

  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("FunctionsMetadataExtrasPlugin", (compilation) => {
      compilation.fileDependencies.add(CATALOGUE_FILE);
      compilation.hooks.processAssets.tap(
        { name: "FunctionsMetadataExtrasPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          const asset = compilation.getAsset(this.asset);
          if (!asset) return;
          const files = metadataFiles(asset.source.source().toString());
          for (const [name, json] of Object.entries(files)) {
            const source = new sources.RawSource(json);
            if (compilation.getAsset(name)) compilation.updateAsset(name, source);
            else compilation.emitAsset(name, source);
          }
        },
      );
    });
  }
}

module.exports = { LOCALIZED, allowErrorInputs, loadCatalogue, localizedMetadata, metadataFiles, FunctionsMetadataExtrasPlugin };
