import type { SingleBar } from "cli-progress";
import { CliIO } from "./io";
import { endStages, markStage } from "./run-stats";

export interface Progress {
  step(label: string): void;
  done(): void;
}

/** A bar over the run's stages, on a terminal only: logs and --json output stay clean. */
export function stageProgress(io: CliIO, stages: number, enabled: boolean): Progress {
  if (!io.interactive || !enabled) return { step: markStage, done: endStages };
  // Loaded for a terminal only: a script's run (--json, a log) never draws it.
  const { SingleBar: Bar, Presets } = require("cli-progress") as typeof import("cli-progress");
  const bar: SingleBar = new Bar({ format: " {bar} {value}/{total} {stage}", stream: process.stderr, clearOnComplete: true }, Presets.shades_classic);
  bar.start(stages, 0, { stage: "" });
  return {
    step: (label) => {
      markStage(label);
      bar.increment(1, { stage: label });
    },
    done: () => {
      endStages();
      bar.stop();
    },
  };
}
