import { parentPort, workerData } from "node:worker_threads";
import { PrepareRequest, prepareJob } from "./prepared-append";

/** The worker thread of prepared-append.ts: prepares the part it is given and posts the blocks back, transferred (not copied). */
void prepareJob(workerData as PrepareRequest).then(({ message, transfer }) => parentPort?.postMessage(message, transfer));
