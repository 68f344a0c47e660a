/**
 * The few DOM helpers the pane needs. Every piece of text goes in as a text node: cell contents
 * and file names come from the user's workbook and are never parsed as HTML.
 */

export type Child = Node | string | null | undefined | false;

export interface Props {
  id?: string;
  className?: string;
  attrs?: Record<string, string | boolean | undefined>;
  on?: Record<string, (event: Event) => void>;
}

/** A Fluent form control: its current text is `value`. */
export interface ValueElement extends HTMLElement {
  value: string;
  disabled?: boolean;
}

function build<E extends HTMLElement>(element: E, props: Props, children: Child[]): E {
  if (props.id) element.id = props.id;
  if (props.className) element.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === true) element.setAttribute(name, "");
    else if (typeof value === "string") element.setAttribute(name, value);
  }
  for (const [type, handler] of Object.entries(props.on ?? {})) element.addEventListener(type, handler);
  append(element, ...children);
  return element;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  return build(document.createElement(tag), props, children);
}

/** A custom element such as fluent-button (registered in index.ts). */
export function fluent(tag: `fluent-${string}`, props: Props = {}, ...children: Child[]): ValueElement {
  return build(document.createElement(tag) as ValueElement, props, children);
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function setDisabled(element: HTMLElement, disabled: boolean): void {
  if (disabled) element.setAttribute("disabled", "");
  else element.removeAttribute("disabled");
}

/** Lets the browser paint a status line before a long synchronous step (planning a large book). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
