import os from "node:os";

/** Where the CLI writes; tests pass buffers, the bin passes the process streams. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: only then is a progress bar drawn. */
  interactive: boolean;
  now: () => Date;
  /** The login name recorded on the audit sheet, when the system tells it. */
  user?: string;
}

export const EXIT = {
  ok: 0,
  /** The workbook cannot be used as it is; nothing was written. */
  invalidInput: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /**
   * Another command holds the workbook, or it changed while this one ran (saved from Excel);
   * nothing was written and running the command again later is the remedy.
   */
  busy: 3,
  /** The selection (--customers, --group, --range) matches no customer: a warning, nothing done. */
  nothingSelected: 4,
} as const;

export class UsageError extends Error {
  override name = "UsageError";
}

/** The command refuses to act, for a reason its message explains in full (it says nothing was written). */
export class RefusedError extends Error {
  override name = "RefusedError";
}

function loginName(): string | undefined {
  try {
    return os.userInfo().username || undefined;
  } catch {
    return undefined; // no passwd entry, e.g. an arbitrary uid in a container
  }
}

export function processIO(): CliIO {
  return {
    user: loginName(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    interactive: Boolean(process.stderr.isTTY),
    now: () => new Date(),
  };
}
