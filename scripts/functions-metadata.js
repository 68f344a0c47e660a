/**
 * functions.json as custom-functions-metadata generates it, plus what its JSDoc tags cannot
 * say. Kept apart from webpack.config.js so a test can check the very transform the build uses.
 */

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

/** Webpack plugin applying allowErrorInputs to the emitted functions.json. */
class FunctionsMetadataExtrasPlugin {
  constructor(asset = "functions.json") {
    this.asset = asset;
  }

  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("FunctionsMetadataExtrasPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "FunctionsMetadataExtrasPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          const asset = compilation.getAsset(this.asset);
          if (!asset) return;
          compilation.updateAsset(this.asset, new sources.RawSource(allowErrorInputs(asset.source.source().toString())));
        },
      );
    });
  }
}

module.exports = { allowErrorInputs, FunctionsMetadataExtrasPlugin };
