/**
 * The manifest's dev URL and its rewrite for a production build. Kept apart from
 * webpack.config.js so the manifest test can run the very transform the build uses.
 */
const DEV_URL = "https://localhost:3000/";

/**
 * Hosts that cannot be where users load the add-in from: the dev server, and the names RFC 2606
 * reserves for examples. A production manifest pointing there installs but shows a blank pane.
 */
const NOT_A_REAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|(.+\.)?example(\.(com|net|org))?|(.+\.)?(test|invalid|localhost))$/i;

/**
 * The URL the add-in is served from in production: `--env url=...`, else ADDIN_URL. There is no
 * default: a build without one would ship a manifest pointing at a placeholder, so it stops.
 * Office refuses non-https add-in pages, so anything else stops the build too.
 */
function productionUrl(env = {}, environ = process.env) {
  const given = String(env.url || environ.ADDIN_URL || "").trim();
  if (!given) {
    throw new Error(
      "A production build needs the URL the add-in will be served from: ADDIN_URL=https://addin.contoso.com/ npm run build " +
        "(or npm run build -- --env url=https://addin.contoso.com/). For a build that keeps the localhost URLs, use npm run build:dev.",
    );
  }
  let url;
  try {
    url = new URL(given);
  } catch {
    throw new Error(`Add-in URL "${given}" is not a URL; pass e.g. --env url=https://addin.contoso.com/`);
  }
  if (url.protocol !== "https:") throw new Error(`Add-in URL "${given}" must use https`);
  if (url.search || url.hash) throw new Error(`Add-in URL "${given}" must not have a query or fragment`);
  if (NOT_A_REAL_HOST.test(url.hostname)) throw new Error(`Add-in URL "${given}" is not a host users can reach; give the https URL the add-in is deployed to`);
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

module.exports = { DEV_URL, productionUrl, toProductionManifest };
