import { MessageKey } from "../i18n/catalogue";
import { t } from "../i18n/i18n";
import { h } from "./dom";

export type StepId = "prepare" | "preview" | "run" | "pay" | "history";

export const STEPS: readonly { id: StepId; label: MessageKey }[] = [
  { id: "prepare", label: "step.prepare" },
  { id: "preview", label: "step.preview" },
  { id: "run", label: "step.run" },
  { id: "pay", label: "step.pay" },
  { id: "history", label: "step.history" },
];

/**
 * The pane's steps as tabs (WAI-ARIA tabs pattern): one panel visible at a time, so a narrow
 * pane shows one short page instead of eight cards; arrow keys move between the tabs.
 */
export class StepsView {
  readonly tablist: HTMLElement;
  private readonly tabs = new Map<StepId, HTMLButtonElement>();
  private readonly panels = new Map<StepId, HTMLElement>();
  private current: StepId = "prepare";

  constructor(panels: Record<StepId, HTMLElement>) {
    this.tablist = h("div", { className: "steps", attrs: { role: "tablist", "aria-label": t("step.label") } });
    STEPS.forEach((step, i) => {
      const tab = h(
        "button",
        { id: `tab-${step.id}`, className: "step-tab", attrs: { type: "button", role: "tab", "aria-controls": `step-${step.id}` }, on: { click: () => this.show(step.id), keydown: (e) => this.key(e as KeyboardEvent) } },
        h("span", { className: "step-number", attrs: { "aria-hidden": "true" } }, String(i + 1)),
        t(step.label),
      );
      this.tabs.set(step.id, tab);
      this.tablist.appendChild(tab);
      const panel = panels[step.id];
      panel.id = `step-${step.id}`;
      panel.classList.add("step-panel");
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", `tab-${step.id}`);
      this.panels.set(step.id, panel);
    });
    this.show("prepare", false);
  }

  get active(): StepId {
    return this.current;
  }

  /** Shows one step; focus moves to its panel when the user did not click the tab itself. */
  show(id: StepId, focusPanel = false): void {
    this.current = id;
    for (const [step, tab] of this.tabs) {
      const selected = step === id;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const panel = this.panels.get(step);
      if (panel) panel.hidden = !selected;
    }
    if (focusPanel) {
      const panel = this.panels.get(id);
      panel?.setAttribute("tabindex", "-1");
      panel?.focus({ preventScroll: false });
    }
  }

  private key(event: KeyboardEvent): void {
    const order = STEPS.map((s) => s.id);
    const i = order.indexOf(this.current);
    const next = event.key === "ArrowRight" ? order[(i + 1) % order.length] : event.key === "ArrowLeft" ? order[(i + order.length - 1) % order.length] : event.key === "Home" ? order[0] : event.key === "End" ? order[order.length - 1] : null;
    if (!next) return;
    event.preventDefault();
    this.show(next);
    this.tabs.get(next)?.focus();
  }
}
