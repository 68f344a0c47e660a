/**
 * Summarizes a V8 .cpuprofile (node --cpu-prof): self and total time per function, the top N.
 *   node dist/bench/bench/profile-summary.js <file.cpuprofile> [N] [filter]
 * `filter` keeps only samples whose stack includes a function whose name or url contains it.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function main(): void {
  const [file, topText, filter] = process.argv.slice(2);
  const top = Number(topText ?? 30);
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode): string => {
    const url = n.callFrame.url.replace(/^.*\/(src|bench|node_modules)\//, "$1/");
    return `${n.callFrame.functionName || "(anonymous)"} ${url}:${n.callFrame.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const stack: ProfileNode[] = [];
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) stack.push(byId.get(n) as ProfileNode);
    if (filter && !stack.some((n) => label(n).includes(filter))) return;
    all += dt;
    const leaf = label(stack[0]);
    self.set(leaf, (self.get(leaf) ?? 0) + dt);
    for (const name of new Set(stack.map(label))) total.set(name, (total.get(name) ?? 0) + dt);
  });
  const ms = (us: number): string => (us / 1000).toFixed(0).padStart(7);
  const pct = (us: number): string => `${((100 * us) / all).toFixed(1)}%`.padStart(6);
  console.log(`sampled ${ms(all)} ms${filter ? ` under '${filter}'` : ""}\n\nself ms      %  function`);
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ${pct(us)}  ${name}`);
  console.log(`\ntotal ms     %  function`);
  for (const [name, us] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ${pct(us)}  ${name}`);
}

main();
