import { ValueElement, fluent, h, replaceChildren, setDisabled } from "./dom";

export interface FirstOption {
  value: string;
  label: string;
}

/**
 * Refills a fluent-select with run ids, keeping the user's choice while it still exists. The
 * chosen option is marked `selected` rather than set through `value`: the select learns of new
 * options only after they are slotted, and then picks the marked one.
 */
export function fillRunSelect(select: ValueElement, runs: readonly string[], first: FirstOption | null, emptyLabel: string): void {
  const values = [...(first ? [first.value] : []), ...runs];
  // Run ids are compared as the sheets' readers compare them: case and spaces do not matter.
  const wanted = (select.value ?? "").trim().toUpperCase();
  const chosen = values.find((v) => v.trim().toUpperCase() === wanted) ?? values[0];
  // Ids that survive a refill: the select's aria-activedescendant names its option by id, and a
  // fresh option with a generated id left it pointing at a removed one until FAST caught up
  // (axe: aria-valid-attr-value, seen right after a status report refreshed the runs).
  let index = 0;
  const option = (value: string, label: string): HTMLElement =>
    fluent("fluent-option", { id: select.id ? `${select.id}-option-${index++}` : undefined, attrs: { value, selected: value === chosen ? true : undefined } }, label);
  // With no run, the select itself is disabled: a select whose only option is disabled sends
  // FAST's Select into endless recursion (its selected index flips between -1 and 0).
  replaceChildren(
    select,
    ...(first ? [option(first.value, first.label)] : []),
    ...runs.map((r) => option(r, r)),
    values.length ? null : fluent("fluent-option", { id: select.id ? `${select.id}-option-0` : undefined, attrs: { value: "", selected: true } }, emptyLabel),
  );
  setDisabled(select, !values.length);
  select.value = chosen ?? "";
}

/** A select with its label above it (fluent-select has no label slot; it is form-associated, so `for` works). */
export function labelled(label: string, control: HTMLElement): HTMLElement {
  // fluent-select's combobox role is inside its own element: assistive technology (and axe)
  // read its name from aria-label, not from a <label for>.
  control.setAttribute("aria-label", label);
  return h("div", { className: "field" }, h("label", { className: "select-label", attrs: { for: control.id } }, label), control);
}
