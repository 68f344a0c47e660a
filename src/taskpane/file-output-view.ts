import { fluent, h } from "./dom";
import { saveFile } from "./download";
import { OutputFile } from "./output-file";

/** Downloads an action's file at once, as the user expects after clicking Export or Pay. */
export function downloadOutput(file: OutputFile): void {
  saveFile(new Blob([file.bytes ? new Uint8Array(file.bytes) : file.text], { type: file.type }), file.name);
}

/**
 * The file an action produced, kept in the pane: a download that was blocked (Excel desktop) or
 * lost can be repeated, or the text copied, without running the action again, which would write
 * the marks a second time or find nothing left to export.
 */
export function fileOutput(file: OutputFile, idPrefix: string): HTMLElement {
  const text = h("textarea", { id: `${idPrefix}-text`, className: "file-text", attrs: { readonly: true, rows: "6", spellcheck: "false", "aria-label": `Text of ${file.name}` } });
  text.value = file.text;
  const copied = h("span", { className: "status", attrs: { "aria-live": "polite" } });
  const copy = async (): Promise<void> => {
    copied.textContent = (await copyText(text)) ? "Copied." : "Copying was blocked: select the text and press Ctrl+C.";
  };
  return h(
    "div",
    { className: "file-output", id: `${idPrefix}-file` },
    h(
      "div",
      { className: "actions" },
      fluent("fluent-button", { id: `${idPrefix}-download`, attrs: { appearance: "outline" }, on: { click: () => downloadOutput(file) } }, `Download ${file.name} again`),
    ),
    h(
      "details",
      {},
      h("summary", {}, "No download? Copy the file's text"),
      h("p", { className: "status" }, `Paste it into a text editor and save it as ${file.name} (UTF-8).`),
      text,
      h("div", { className: "actions" }, fluent("fluent-button", { id: `${idPrefix}-copy`, attrs: { appearance: "outline" }, on: { click: () => void copy() } }, "Copy"), copied),
    ),
  );
}

/** The Clipboard API where the pane may use it, else the older selection copy. */
async function copyText(area: HTMLTextAreaElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(area.value);
    return true;
  } catch {
    area.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    }
  }
}
