import { SaxesParser, SaxesTagPlain } from "saxes";
import { XlsxError } from "./limits";

/**
 * XML parts read as events through saxes (the parser ExcelJS uses): every part but the two large
 * ones, which xml-scan.ts reads and hands here only when they hold what it leaves to saxes. Element
 * names are resolved to their namespace: a prefix may be declared on any element (`x:` from the Open XML
 * SDK, `xmlns:r` on each <sheet> from openpyxl), and Strict OOXML uses other namespace names for
 * the same vocabulary. saxes runs without its own namespace processing, which costs it three
 * times the time; prefixes are resolved here, once per distinct name and scope.
 */

/** The vocabularies the file host reads; anything else is "other" and skipped. */
export type Vocabulary = "main" | "rel" | "pkg" | "ct" | "none" | "other";

const VOCABULARIES: Readonly<Record<string, Vocabulary>> = {
  "http://schemas.openxmlformats.org/spreadsheetml/2006/main": "main",
  "http://purl.oclc.org/ooxml/spreadsheetml/main": "main",
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "rel",
  "http://purl.oclc.org/ooxml/officeDocument/relationships": "rel",
  "http://schemas.openxmlformats.org/package/2006/relationships": "pkg",
  "http://schemas.openxmlformats.org/package/2006/content-types": "ct",
};

export function vocabularyOf(uri: string): Vocabulary {
  return uri === "" ? "none" : VOCABULARIES[uri] ?? "other";
}

export interface XmlElement {
  /** The vocabulary of the element's namespace, and its local name. */
  readonly ns: Vocabulary;
  readonly local: string;
  /** Attributes by qualified name, as written. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly selfClosing: boolean;
}

export interface XmlHandler {
  /** `reader` resolves prefixed attributes (r:id) in the element's scope. */
  open(element: XmlElement, reader: XmlReader): void;
  close(element: XmlElement): void;
  text(text: string): void;
}

export interface Name {
  readonly ns: Vocabulary;
  readonly local: string;
}

/** The local names readers compare most, as the literals they compare with (equal at once). */
const KNOWN_LOCALS = new Map(["c", "v", "f", "t", "r", "is", "si", "row", "rPh", "phoneticPr", "sheetData", "mergeCell", "sst"].map((n) => [n, n]));

export class Scope {
  readonly names = new Map<string, Name>();
  constructor(
    readonly parent: Scope | null,
    readonly prefixes: ReadonlyMap<string, string>,
  ) {}

  uri(prefix: string): string | undefined {
    return this.prefixes.get(prefix);
  }

  resolve(qname: string, where: string): Name {
    let name = this.names.get(qname);
    if (name) return name;
    const colon = qname.indexOf(":");
    const prefix = colon < 0 ? "" : qname.slice(0, colon);
    const uri = this.uri(prefix);
    if (uri === undefined && prefix !== "") throw new XlsxError(`${where}: the prefix '${prefix}' of <${qname}> is not declared`);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    name = { ns: vocabularyOf(uri ?? ""), local: KNOWN_LOCALS.get(local) ?? local };
    this.names.set(qname, name);
    return name;
  }
}

/** The scope every document starts in: only the xml prefix is bound. */
export function initialScope(): Scope {
  return new Scope(null, new Map([["xml", "http://www.w3.org/XML/1998/namespace"]]));
}

export class XmlReader {
  private readonly parser = new SaxesParser({ xmlns: false, position: false });
  private scope: Scope = initialScope();
  /** Scopes replaced by elements that declared namespaces, with the depth they were declared at. */
  private readonly scopes: Scope[] = [];
  private readonly scopeDepths: number[] = [];
  /** Open elements' names (shared objects: one per distinct name and scope). */
  private readonly names: Name[] = [];
  private first = true;

  constructor(
    readonly part: string,
    private readonly handler: XmlHandler,
  ) {
    const p = this.parser;
    p.on("opentag", (tag) => this.open(tag as SaxesTagPlain));
    p.on("closetag", () => this.close());
    p.on("text", (text) => handler.text(text));
    p.on("cdata", (text) => handler.text(text));
    p.on("doctype", () => {
      // Entities declared in a DTD are a classic attack (billion laughs); no OOXML part has one.
      throw new XlsxError(`${part}: a document type declaration (DTD), which no Excel part has`);
    });
  }

  /** The value of the attribute in vocabulary `ns` (such as r:id), whatever its prefix. */
  attribute(element: XmlElement, ns: Vocabulary, local: string): string | undefined {
    for (const [qname, value] of Object.entries(element.attributes)) {
      const colon = qname.indexOf(":");
      if (colon < 0 || qname.slice(colon + 1) !== local) continue;
      const uri = this.scope.uri(qname.slice(0, colon));
      if (uri !== undefined && vocabularyOf(uri) === ns) return value;
    }
    return undefined;
  }

  /** One element object, refilled per tag: handlers read it during the call and keep nothing of it. */
  private readonly element = { ns: "none" as Vocabulary, local: "", attributes: {} as Readonly<Record<string, string>>, selfClosing: false };

  private open(tag: SaxesTagPlain): void {
    const attributes = tag.attributes;
    let declared: Map<string, string> | null = null;
    for (const key in attributes) {
      if (key.charCodeAt(0) !== 120 || !key.startsWith("xmlns")) continue;
      if (key.length > 5 && key.charCodeAt(5) !== 58) continue;
      declared ??= new Map(this.scope.prefixes);
      declared.set(key.length === 5 ? "" : key.slice(6), attributes[key]);
    }
    if (declared) {
      this.scopes.push(this.scope);
      this.scopeDepths.push(this.names.length);
      this.scope = new Scope(this.scope, declared);
    }
    const name = this.scope.resolve(tag.name, this.part);
    this.names.push(name);
    const element = this.element;
    element.ns = name.ns;
    element.local = name.local;
    element.attributes = attributes;
    element.selfClosing = tag.isSelfClosing;
    this.handler.open(element, this);
  }

  private close(): void {
    const name = this.names.pop() as Name;
    const element = this.element;
    element.ns = name.ns;
    element.local = name.local;
    this.handler.close(element);
    const depths = this.scopeDepths;
    if (depths.length && depths[depths.length - 1] === this.names.length) {
      depths.pop();
      this.scope = this.scopes.pop() as Scope;
    }
  }

  write(text: string): void {
    if (this.first) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    try {
      this.parser.write(text);
    } catch (error) {
      throw this.failure(error);
    }
  }

  end(): void {
    try {
      this.parser.close();
    } catch (error) {
      throw this.failure(error);
    }
  }

  private failure(error: unknown): Error {
    if (error instanceof XlsxError) return error;
    const reason = error instanceof Error ? error.message.replace(/^undefined:\d*:?\d*:? ?/, "") : String(error);
    return new XlsxError(`the package is damaged: part ${this.part} is not well-formed XML (${reason})`);
  }
}

export const utf16 = (b: Uint8Array): boolean => b.length >= 2 && ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0xff && b[1] === 0xfe));

/** Parses a whole part's bytes. */
export function parseXml(part: string, bytes: Uint8Array, handler: XmlHandler): XmlReader {
  if (utf16(bytes)) throw new XlsxError(`part ${part} is encoded as UTF-16, which this tool does not read; save the workbook again in Excel`);
  const reader = new XmlReader(part, handler);
  reader.write(new TextDecoder("utf-8").decode(bytes));
  reader.end();
  return reader;
}

/** Parses a part arriving in chunks, decoding UTF-8 across chunk edges. */
export async function parseXmlChunks(part: string, chunks: AsyncIterable<Uint8Array>, handler: XmlHandler): Promise<void> {
  const reader = new XmlReader(part, handler);
  const decoder = new TextDecoder("utf-8");
  let first = true;
  for await (const chunk of chunks) {
    if (first && utf16(chunk)) throw new XlsxError(`part ${part} is encoded as UTF-16, which this tool does not read; save the workbook again in Excel`);
    first = false;
    reader.write(decoder.decode(chunk, { stream: true }));
  }
  reader.write(decoder.decode());
  reader.end();
}
