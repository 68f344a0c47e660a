/**
 * A tuning knob read from the environment (REIMBURSE_OFFLOAD_MIN_BYTES and the like, for the
 * bench and the tests to compare one path with another): its number when it is set, not empty,
 * finite and `accepted`; else undefined, and the caller keeps its default.
 */
export function numberFromEnvironment(name: string, accepted: (n: number) => boolean): number | undefined {
  const text = process.env[name];
  if (text === undefined || text.trim() === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) && accepted(n) ? n : undefined;
}
