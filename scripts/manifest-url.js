/**
 * The manifest's dev URL and its rewrite for a production build. Kept apart from
 * webpack.config.js so the manifest test can run the very transform the build uses.
 */
const DEV_URL = "https://localhost:3000/";
const DEFAULT_PRODUCTION_URL = "https://reimburse.example.com/";

/**
 * The URL the add-in is served from in production: `--env url=...`, else ADDIN_URL, else the
 * placeholder. Office refuses non-https add-in pages, so anything else stops the build.
 */
function productionUrl(env = {}, environ = process.env) {
  const given = (env.url || environ.ADDIN_URL || DEFAULT_PRODUCTION_URL).trim();
  let url;
  try {
    url = new URL(given);
  } catch {
    throw new Error(`Add-in URL "${given}" is not a URL; pass e.g. --env url=https://addin.contoso.com/`);
  }
  if (url.protocol !== "https:") throw new Error(`Add-in URL "${given}" must use https`);
  if (url.search || url.hash) throw new Error(`Add-in URL "${given}" must not have a query or fragment`);
  // Resource paths are appended to it ("assets/icon-32.png"), so it must end with a slash.
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Rewrites every dev URL in a manifest. A global RegExp, not String.replace(string): the
 * generator-office template's string replace changed only the first of the many URLs.
 */
function toProductionManifest(xml, url) {
  return String(xml).replace(new RegExp(escapeRegExp(DEV_URL), "g"), url);
}

module.exports = { DEV_URL, DEFAULT_PRODUCTION_URL, productionUrl, toProductionManifest };
