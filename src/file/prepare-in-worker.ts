import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { AppendBlocks, PrepareMessage, PreparedAppend, blocksOf, prepareAppend, preparable } from "./prepared-append";
import { ZipArchive, ZipEntry } from "./zip-archive";

/**
 * prepareAppend in a worker thread (prepare-worker.js beside this module): the main thread
 * plans meanwhile, and the worker's event loop, not the plan, keeps the part's inflater and
 * deflaters busy. Given a copy of the part's stored bytes; its blocks come back transferred.
 * Where no worker can be started (no compiled script: the tests), on this thread instead.
 */
export function prepareAppendInWorker(archive: ZipArchive, entry: ZipEntry, script = path.join(__dirname, "prepare-worker.js")): PreparedAppend | null {
  if (!preparable(entry)) return null;
  if (existsSync(script)) {
    try {
      const raw = archive.raw(entry).slice();
      const worker = new Worker(script, { workerData: { raw, crc: entry.crc, size: entry.size }, transferList: [raw.buffer] });
      const blocks = new Promise<AppendBlocks | null>((resolve) => {
        worker.once("message", (message: PrepareMessage) => resolve(blocksOf(message)));
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
