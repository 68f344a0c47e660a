import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { AppendBlocks, PrepareMessage, PrepareRequest, PreparedAppend, blocksOf, prepareAppend, preparable } from "./prepared-append";
import { ZipArchive, ZipEntry } from "./zip-archive";

/**
 * Below this a worker does not pay: at 10k customers (a 26 MB part) the write gained 50-150 ms
 * and the plan lost about as much to the worker's start and the shared cores (docs/performance.md).
 * About the transactions reader's threshold (OFFLOAD_MINIMUM_BYTES, 64,000,000 bytes, in
 * transactions-offload.ts), which this module does not load: ledger-file.ts loads it for every command.
 */
export const PREPARE_MINIMUM_BYTES = 64 << 20;

/**
 * The worker's data: the part's stored bytes shared as they are when the package was read into
 * a SharedArrayBuffer (ledger-file.ts readFileShared: no copy at all), else one copy,
 * transferred. The worker walks the whole stream, so it needs it whole.
 */
function storedFor(stored: Uint8Array, entry: ZipEntry): { workerData: PrepareRequest; transferList: ArrayBuffer[] } {
  const raw = stored.buffer instanceof SharedArrayBuffer ? stored : stored.slice();
  return { workerData: { raw, crc: entry.crc, size: entry.size }, transferList: raw.buffer instanceof ArrayBuffer ? [raw.buffer] : [] };
}

/**
 * prepareAppend in a worker thread (prepare-worker.js beside this module): the main thread
 * plans meanwhile, and the worker inflates the part and walks its blocks. Given the part's stored bytes (storedFor); its head and tail come back transferred,
 * and its middle is copied from the stored bytes this thread holds.
 * Where no worker can be started (no compiled script: the tests), on this thread instead.
 */
export function prepareAppendInWorker(archive: ZipArchive, entry: ZipEntry, script = path.join(__dirname, "prepare-worker.js")): PreparedAppend | null {
  // REIMBURSE_PREPARE_APPEND=0: the plain write, =1: prepared whatever its size, for measuring one against the other.
  const wanted = process.env.REIMBURSE_PREPARE_APPEND;
  if (!preparable(entry) || wanted === "0" || (wanted !== "1" && entry.size < PREPARE_MINIMUM_BYTES)) return null;
  if (existsSync(script)) {
    try {
      const stored = archive.raw(entry);
      const worker = new Worker(script, storedFor(stored, entry));
      const blocks = new Promise<AppendBlocks | null>((resolve) => {
        worker.once("message", (message: PrepareMessage) => resolve(blocksOf(message, stored)));
        worker.once("error", () => resolve(null));
        worker.once("exit", () => resolve(null));
      });
      // The worker ends once its message is in, or when the command no longer needs it.
      void blocks.then(() => worker.terminate());
      return { entryName: entry.name, blocks, cancel: () => void worker.terminate() };
    } catch {
      // Prepared on this thread instead.
    }
  }
  return prepareAppend(archive, entry);
}
