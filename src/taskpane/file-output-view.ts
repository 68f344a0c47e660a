import { t } from "../i18n/i18n";
import { fluent, h } from "./dom";
import { saveFile } from "./download";
import { OutputFile } from "./output-file";

/** Downloads an action's file at once, as the user expects after clicking Export or Pay. */
export function downloadOutput(file: OutputFile): void {
  saveFile(new Blob([file.bytes ? new Uint8Array(file.bytes) : file.utf8 ? new Uint8Array(file.utf8) : file.text], { type: file.type }), file.name);
}

/**
 * The file an action produced, kept in the pane: a download that was blocked (Excel desktop) or
 * lost can be repeated, or the text copied, without running the action again, which would write
 * the marks a second time or find nothing left to export.
 */
export function fileOutput(file: OutputFile, idPrefix: string): HTMLElement {
  const text = h("textarea", { id: `${idPrefix}-text`, className: "file-text", attrs: { readonly: true, rows: "6", spellcheck: "false", "aria-label": t("file.textOf", { name: file.name }) } });
  // Filled when the panel first opens: a payment file of thousands of transfers is megabytes,
  // and putting it into a textarea blocks the pane for a long task (issue 14's 200 ms budget).
  const fill = (): void => {
    if (!text.value) text.value = file.text;
  };
  const copied = h("span", { className: "status", attrs: { "aria-live": "polite" } });
  const copy = async (): Promise<void> => {
    fill();
    copied.textContent = (await copyText(text)) ? t("file.copied") : t("file.copyBlocked");
  };
  return h(
    "div",
    { className: "file-output", id: `${idPrefix}-file` },
    h("p", { className: "status file-name" }, file.name),
    h(
      "div",
      { className: "actions" },
      // The file name is on its own line above: a long name in the label would overflow a narrow pane.
      fluent("fluent-button", { id: `${idPrefix}-download`, attrs: { appearance: "outline", title: file.name }, on: { click: () => downloadOutput(file) } }, t("file.downloadAgain")),
    ),
    // A zip cannot travel as copied text: only the download is offered.
    file.bytes ? null : h(
      "details",
      { on: { toggle: fill } },
      h("summary", {}, t("file.noDownload")),
      h("p", { className: "status" }, t("file.pasteHint", { name: file.name })),
      text,
      h("div", { className: "actions" }, fluent("fluent-button", { id: `${idPrefix}-copy`, attrs: { appearance: "outline" }, on: { click: () => void copy() } }, t("file.copy")), copied),
    ),
  );
}

/** Copies text with the Clipboard API, else through a hidden text area and the older copy command. */
export async function copyToClipboard(value: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    const area = h("textarea", { className: "offscreen", attrs: { readonly: true, "aria-hidden": "true" } });
    area.value = value;
    document.body.appendChild(area);
    try {
      area.select();
      return document.execCommand("copy");
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
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
