import { execFileSync } from "node:child_process";

/**
 * Whether an independent client (LibreOffice, Chromium, xmllint) is on this machine. On a
 * developer's machine without it the test is skipped with a note; in CI (.ci/run installs them)
 * a missing tool fails the run instead, so a check never silently stops checking.
 */
export function hasTool(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    if (process.env.CI) throw new Error(`${command} is required in CI (.ci/run installs it)`);
    // eslint-disable-next-line no-console
    console.warn(`${command} not found: skipping the checks that need it`);
    return false;
  }
}

/** Whether Debian's python3 (not a pyenv one) can import `module`; in CI a missing one fails the run. */
export function pythonHas(python: string, module: string): boolean {
  try {
    execFileSync(python, ["-c", `import ${module}`], { stdio: "ignore" });
    return true;
  } catch {
    if (process.env.CI) throw new Error(`${python} needs ${module} in CI (.ci/run installs python3-${module})`);
    return false;
  }
}
