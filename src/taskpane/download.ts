import { h } from "./dom";

/**
 * Offers a file as a browser download (Blob + <a download>). Excel on the web and a plain browser
 * save it; Excel desktop's pane may ignore it, which is why actions also show the file's text.
 */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = h("a", { attrs: { href: url, download: name } });
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser reads the blob after the click returns; free it once the download has started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
