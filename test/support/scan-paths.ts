import { xmlScanTuning } from "../../src/file/xml-scan";

/**
 * The three ways a part can be read, for tests that hold them to one another: the byte
 * scanner's fast paths, its general path, and saxes.
 */
export type Path = "fast" | "general" | "saxes";

/** `read` with the reader set to `path`, its result or its error as "Name: message"; the defaults restored after. */
export async function through<T>(path: Path, read: () => Promise<T>): Promise<T | string> {
  xmlScanTuning.useScanner = path !== "saxes";
  xmlScanTuning.fastPaths = path === "fast";
  try {
    return await read();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  } finally {
    xmlScanTuning.useScanner = true;
    xmlScanTuning.fastPaths = true;
  }
}

/** The bytes cut at `cuts` (in any order, beyond the end ignored), as a part's chunks arrive. */
export function* chunked(xml: Uint8Array, cuts: number[]): Generator<Uint8Array> {
  let at = 0;
  for (const cut of [...cuts.filter((c) => c < xml.length).sort((a, b) => a - b), xml.length]) {
    if (cut > at) yield xml.subarray(at, cut);
    at = Math.max(at, cut);
  }
}

export async function* chunks(xml: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  yield* chunked(xml, cuts);
}
