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

/** office-addin-dev-certs is loaded only when serving: builds and CI need no certificate. */
async function devServerHttps() {
  const devCerts = require("office-addin-dev-certs");
  const options = await devCerts.getHttpsServerOptions();
  return { ca: options.ca, key: options.key, cert: options.cert };
}

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
    },
    output: {
      path: OUTPUT,
      filename: "[name].js",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".js"],
      // The task pane will bundle exceljs's browser build, which still names Node modules;
      // none of them is used in the browser paths.
      fallback: {
        fs: false,
        path: false,
        os: false,
        stream: false,
        crypto: false,
        zlib: false,
        util: false,
        buffer: false,
        events: false,
        string_decoder: false,
      },
    },
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
      server: serving ? { type: "https", options: await devServerHttps() } : "https",
    },
  };
};
