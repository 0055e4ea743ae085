import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * V8 settings the installed command applies to itself before any library loads (issue 9; measured in
 * docs/benchmarks.md, "Memory"). Both are read by V8 at each collection, so setting them from the script takes
 * effect; `--max-semi-space-size` and friends are read only when the heap is created, which a script cannot reach
 * (a shebang with flags is not portable).
 *
 * - `--heap-growing-percent=100`, for the whole run: after a full GC the old generation may grow to 2 x what is
 *   live, instead of up to 4 x when V8 finds collection cheap. Under sustained load the old space had grown to
 *   ~70 MB around ~25 MB of live objects.
 * - `--semi-space-growth-factor=1`, during start-up (`startupWindowMs`): loading the bundle and building the
 *   runtime made V8 double the young generation up to 8 MB semi-spaces, which then stayed, ~16 MB of idle RSS.
 *   Kept at 1 for the whole run, the 1 MB young generation promoted so much that CPU per request at concurrency 64
 *   rose by ~40 %.
 * - After start-up, the young generation may grow (V8's factor 2) up to `youngGenerationCapBytes`
 *   (`capYoungGeneration`; a burst can outrun it, see there). V8 grows it to 32 MB (two 16 MB semi-spaces) under
 *   load or a burst of streams and keeps it; capped at 16 MB, RSS under load at concurrency 64 fell by ~18 MB and the
 *   peak with 1,000 open streams by ~10-15 MB, CPU per request unchanged within noise. (`--max-semi-space-size`,
 *   which would say so directly, is read only when the heap is created.)
 *
 * Whoever starts node with their own setting of either (command line or NODE_OPTIONS) keeps theirs.
 */
export const heapGrowthFlag = '--heap-growing-percent=100';
export const startupYoungGenerationFlag = '--semi-space-growth-factor=1';
/** V8's own default, applied after start-up while the young generation is below its cap. */
export const defaultYoungGenerationFlag = '--semi-space-growth-factor=2';
/** The young generation's size (both semi-spaces, as `v8.getHeapSpaceStatistics()` reports `new_space`) past which it stops growing. */
export const youngGenerationCapBytes = 16 * 1024 * 1024;
/** Start-up (cold start to first 200 on /health) takes ~0.4 s in the bench; this leaves room on a slow host. */
export const startupWindowMs = 2_000;

/** Which of the two settings to apply: those the process was not started with (by name, command line or NODE_OPTIONS). */
export function heapGrowthFlagsToApply(execArgv: readonly string[], nodeOptions: string | undefined): { heapGrowth: boolean; youngGeneration: boolean } {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].map((flag) => flag.replace(/_/g, '-'));
  return {
    heapGrowth: !given.some((flag) => flag.startsWith('--heap-growing-percent')),
    youngGeneration: !given.some((flag) => flag.includes('semi-space')),
  };
}

/** The growth factor for the young generation's next collection: 2 (V8's default) below the cap, 1 (stay) at or above it. */
export function youngGenerationGrowthFactor(newSpaceBytes: number, capBytes: number): 1 | 2 {
  return newSpaceBytes >= capBytes ? 1 : 2;
}

/**
 * Keeps the young generation at or below `capBytes` from now on: after every collection (a `gc` performance entry,
 * delivered once the event loop turns), V8's growth factor is set to what `youngGenerationGrowthFactor` says. V8
 * grows the young generation at most one step per collection, but a burst that runs several collections in one turn
 * of the loop can double it past the cap before the entries arrive; at the production cap (16 MB) one doubling is
 * V8's own maximum on Node 20 (32 MB), where it then stays until V8 shrinks it. So the cap holds under steady load
 * and in most bursts, not in all; `--max-semi-space-size`, which would bound it exactly, is read only at heap
 * creation.
 * @returns a function that stops watching (the factor stays as last set)
 */
export function capYoungGeneration(capBytes: number = youngGenerationCapBytes): () => void {
  let current: 1 | 2 | undefined;
  const adjust = (): void => {
    const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    if (newSpace === undefined) return;
    const factor = youngGenerationGrowthFactor(newSpace.space_size, capBytes);
    if (factor === current) return;
    current = factor;
    setFlagsFromString(factor === 1 ? startupYoungGenerationFlag : defaultYoungGenerationFlag);
  };
  adjust();
  const observer = new PerformanceObserver(adjust);
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}

/**
 * Applies the settings of `heapGrowthFlagsToApply`. V8 versions that no longer knew a flag would print an error
 * line, so they are applied only on the Node majors whose V8 has them (measured on 20).
 * @returns the flags applied now (after `startupWindowMs` the young generation's is handed to `capYoungGeneration`)
 */
export function limitHeapGrowth(process: Pick<NodeJS.Process, 'execArgv' | 'env' | 'versions'>): string[] {
  const major = Number(process.versions.node.split('.')[0]);
  if (!(major >= 20 && major <= 24)) return [];
  const apply = heapGrowthFlagsToApply(process.execArgv, process.env.NODE_OPTIONS);
  const applied: string[] = [];
  if (apply.heapGrowth) applied.push(heapGrowthFlag);
  if (apply.youngGeneration) {
    applied.push(startupYoungGenerationFlag);
    setTimeout(() => capYoungGeneration(), startupWindowMs).unref();
  }
  for (const flag of applied) setFlagsFromString(flag);
  return applied;
}
