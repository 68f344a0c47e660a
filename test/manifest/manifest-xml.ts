import { XMLParser } from "fast-xml-parser";

/** One element of a manifest, flattened so checks can look across the whole tree. */
export interface ManifestElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  /** Names of the enclosing elements, outermost first. */
  ancestors: string[];
}

type Node = Record<string, unknown>;

/** Every element of the XML document in document order. */
export function manifestElements(xml: string): ManifestElement[] {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "", parseAttributeValue: false, parseTagValue: false, trimValues: true });
  const out: ManifestElement[] = [];
  const walk = (nodes: Node[], ancestors: string[]): void => {
    for (const node of nodes) {
      const name = Object.keys(node).find((k) => k !== ":@");
      if (!name || name === "#text" || name === "#comment" || name.startsWith("?")) continue;
      const children = (node[name] as Node[]) ?? [];
      const text = children.filter((c) => "#text" in c).map((c) => String(c["#text"])).join("");
      out.push({ name, attributes: (node[":@"] as Record<string, string>) ?? {}, text, ancestors });
      walk(children, [...ancestors, name]);
    }
  };
  walk(parser.parse(xml) as Node[], []);
  return out;
}

export const named = (elements: ManifestElement[], name: string): ManifestElement[] => elements.filter((e) => e.name === name);

export function only(elements: ManifestElement[], name: string): ManifestElement {
  const found = named(elements, name);
  if (found.length !== 1) throw new Error(`expected one <${name}>, found ${found.length}`);
  return found[0];
}
