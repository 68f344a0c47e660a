import path from "path";
import webpack from "webpack";
import HtmlWebpackPlugin from "html-webpack-plugin";

const ROOT = path.resolve(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BROWSER_RESOLVE } = require(path.join(ROOT, "webpack.config.js")) as { BROWSER_RESOLVE: webpack.ResolveOptions };

/**
 * Builds the task pane alone into `outDir`: the same entry, page template, loader and browser
 * resolution as the add-in's webpack.config.js, without the custom functions bundle, manifests
 * or source maps, so the browser test builds in seconds and owns its output.
 */
export function buildPane(outDir: string): Promise<void> {
  const config: webpack.Configuration = {
    mode: "development",
    devtool: false,
    context: ROOT,
    entry: { taskpane: "./src/taskpane/index.ts", "engine-worker": "./src/taskpane/worker/engine-worker.ts" },
    output: { path: outDir, filename: "[name].js", clean: true },
    resolve: BROWSER_RESOLVE,
    module: {
      rules: [{
        test: /\.ts$/,
        exclude: /node_modules/,
        use: { loader: "ts-loader", options: { transpileOnly: true, compilerOptions: { module: "es2020", sourceMap: false } } },
      }],
    },
    plugins: [
      new HtmlWebpackPlugin({ filename: "taskpane.html", template: "./src/taskpane/taskpane.html", chunks: ["taskpane"] }),
    ],
    performance: { hints: false },
    infrastructureLogging: { level: "error" },
  };
  return new Promise((resolve, reject) => {
    webpack(config, (error, stats) => {
      if (error) return reject(error);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
}
