#!/usr/bin/env node
import { runCli } from "./program";
import { processIO } from "./io";
import { writeStatsAtExit } from "./run-stats";

writeStatsAtExit();

// `reimburse preview book.xlsx | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

runCli(process.argv.slice(2), processIO()).then((code) => {
  process.exitCode = code;
});
