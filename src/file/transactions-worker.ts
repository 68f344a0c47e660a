import { parentPort, workerData } from "node:worker_threads";
import { packDigest } from "../workbook/digest-transfer";
import { xlsxLimits } from "./limits";
import { SharedStrings, tableFromShared } from "./shared-strings";
import { DigestMessage, DigestRequest, DigestResult, StringsMessage, digestThroughCut } from "./transactions-offload";

/** The shared-strings table the main thread posts once it has read it (or null: read it here). */
function stringsFromMainThread(): Promise<SharedStrings | null> {
  return new Promise((resolve) => {
    parentPort?.once("message", (message: StringsMessage) => resolve(message.strings ? tableFromShared(message.strings) : null));
  });
}

/**
 * The worker thread of transactions-offload.ts: digests the Customer transactions sheet of the
 * bytes it is given and posts the digest back, its fingerprint text transferred (not copied).
 */
async function main(): Promise<void> {
  const { bytes, request } = workerData as { bytes: Uint8Array; request: DigestRequest };
  Object.assign(xlsxLimits, request.limits);
  let message: DigestMessage;
  let transfer: ArrayBuffer[] = [];
  // Packed into columns: the main thread, waiting for it, rebuilds it far faster than a clone of its objects.
  const pack = (result: DigestResult): { message: DigestMessage; transfer: ArrayBuffer[] } => ({
    message: { ok: true, result: { ...result, digest: packDigest(result.digest) } },
    transfer: result.digest.fingerprintRows.map((chunk) => chunk.buffer as ArrayBuffer),
  });
  try {
    // The fingerprint text goes as it is made (transferred): the worker never holds all of it.
    // Listened for only once the read asks (a package with shared strings): the message waits in the port till then.
    let strings: Promise<SharedStrings | null> | null = null;
    const given = request.stringsComing ? () => (strings ??= stringsFromMainThread()) : undefined;
    const post = (chunk: Uint8Array, attempt: number): void => parentPort?.postMessage({ text: chunk, attempt } satisfies DigestMessage, [chunk.buffer as ArrayBuffer]);
    ({ message, transfer } = await digestThroughCut(bytes, request, pack, post, given));
  } catch (error) {
    // The main thread reads the workbook the plain way then, and reports whatever that finds.
    message = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(message, transfer);
}

void main();
