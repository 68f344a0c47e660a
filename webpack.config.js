/* Excel add-in build, in the shape of generator-office's Excel-Custom-Functions-Shared template. */
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { FunctionsMetadataExtrasPlugin } = require("./scripts/functions-metadata");
const { productionUrl, toProductionManifest } = require("./scripts/manifest-url");

// dist/ also holds the CLI (tsc -p tsconfig.cli.json); the add-in gets its own folder so
// neither build's `clean` removes the other's output.
const OUTPUT = path.resolve(__dirname, "dist", "addin");
const DEV_PORT = 3000;

/**
 * office-addin-dev-certs is loaded only when serving: builds and CI need no certificate. It
 * installs its CA into the system store so Excel trusts the dev server; where that cannot be done
 * (Linux without sudo, a container: no Excel there either) the pane is still served over https
 * with webpack-dev-server's own self-signed certificate, for a browser to open.
 */
async function devServerHttps() {
  try {
    const devCerts = require("office-addin-dev-certs");
    const options = await devCerts.getHttpsServerOptions();
    return { type: "https", options: { ca: options.ca, key: options.key, cert: options.cert } };
  } catch (error) {
    console.warn(`Office dev certificate not installed (${error.message.split("\n")[0]}); serving with a self-signed certificate, which Excel will not trust.`);
    return "https";
  }
}

/**
 * Resolution for code that runs in the pane's browser. exceljs's browser build and xmlbuilder2
 * still name Node modules (fs, zlib, url...) on paths the pane never takes; csv-stringify's
 * default ESM build uses Node's Buffer at load time, so the pane takes the browser build the
 * package ships. Shared with the end-to-end test's build (test/e2e/build-pane.ts).
 */
const BROWSER_RESOLVE = {
  extensions: [".ts", ".js"],
  alias: { "csv-stringify/sync$": "csv-stringify/browser/esm/sync" },
  fallback: {
    fs: false, path: false, os: false, stream: false, crypto: false, zlib: false, util: false,
    buffer: false, events: false, string_decoder: false, url: false,
  },
};

module.exports = async (env = {}, argv = {}) => {
  const dev = argv.mode === "development";
  const serving = Boolean(env.WEBPACK_SERVE);
  // Resolved up front so a bad --env url / ADDIN_URL stops the build before anything is emitted.
  const url = dev ? null : productionUrl(env);

  return {
    mode: dev ? "development" : "production",
    devtool: "source-map",
    entry: {
      taskpane: "./src/taskpane/index.ts",
      functions: "./src/functions/functions.ts",
      // The task pane's engine worker (file mode): parse, plan and write off the main thread.
      "engine-worker": "./src/taskpane/worker/engine-worker.ts",
    },
    output: {
      path: OUTPUT,
      filename: "[name].js",
      clean: true,
    },
    resolve: BROWSER_RESOLVE,
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            // Type checking is `npm run typecheck`'s job; the build only transpiles. ES modules
            // let webpack drop unused code; the CustomFunctions.associate calls appended by the
            // metadata plugin's loader are plain JavaScript.
            options: { transpileOnly: true, compilerOptions: { module: "es2020" } },
          },
        },
        {
          test: /\.(png|jpg|jpeg|gif|ico)$/,
          type: "asset/resource",
          generator: { filename: "assets/[name][ext][query]" },
        },
      ],
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({
        output: "functions.json",
        input: "./src/functions/functions.ts",
      }),
      new FunctionsMetadataExtrasPlugin("functions.json"),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        // Shared runtime: the task pane page also runs the custom functions.
        chunks: ["taskpane", "functions"],
      }),
      new HtmlWebpackPlugin({
        filename: "functions.html",
        template: "./src/functions/functions.html",
        chunks: ["functions"],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          {
            from: "manifest*.xml",
            to: "[name][ext]",
            transform(content) {
              return dev ? content : toProductionManifest(content.toString(), url);
            },
          },
        ],
      }),
    ],
    performance: {
      // exceljs alone is larger than webpack's 244 KiB hint; the pane loads once per session.
      hints: false,
    },
    devServer: {
      port: DEV_PORT,
      headers: { "Access-Control-Allow-Origin": "*" },
      // Everything is served from the in-memory build; a stale dist/addin must not leak in.
      static: false,
      // https://localhost:3000/ opens the pane instead of a 404.
      historyApiFallback: { rewrites: [{ from: /^\/$/, to: "/taskpane.html" }] },
      server: serving ? await devServerHttps() : "https",
    },
  };
};

module.exports.BROWSER_RESOLVE = BROWSER_RESOLVE;
