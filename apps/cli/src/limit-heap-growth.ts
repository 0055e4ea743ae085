import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings the installed command applies to itself before any library loads (issue 9; measured in
 * docs/benchmarks.md, "Memory"). Both are read by V8 at each collection, so setting them from the script takes
 * effect; `--max-semi-space-size` and friends are read only when the heap is created, which a script cannot reach
 * (a shebang with flags is not portable).
 *
 * - `--heap-growing-percent=100`, for the whole run: after a full GC the old generation may grow to 2 x what is
 *   live, instead of up to 4 x when V8 finds collection cheap. Under sustained load the old space had grown to
 *   ~70 MB around ~25 MB of live objects.
 * - `--semi-space-growth-factor=1`, during start-up only (`startupWindowMs`): loading the bundle and building the
 *   runtime made V8 double the young generation up to 8 MB semi-spaces, which then stayed, ~16 MB of idle RSS.
 *   After start-up the default factor (2) is restored: kept for the whole run, the 1 MB young generation promoted
 *   so much that CPU per request at concurrency 64 rose by ~40 %.
 *
 * Whoever starts node with their own setting of either (command line or NODE_OPTIONS) keeps theirs.
 */
export const heapGrowthFlag = '--heap-growing-percent=100';
export const startupYoungGenerationFlag = '--semi-space-growth-factor=1';
/** V8's own default, restored once start-up is over. */
export const defaultYoungGenerationFlag = '--semi-space-growth-factor=2';
/** Start-up (cold start to first 200 on /health) takes ~0.4 s in the bench; this leaves room on a slow host. */
export const startupWindowMs = 2_000;

/** Which of the two settings to apply: those the process was not started with (by name, command line or NODE_OPTIONS). */
export function heapGrowthFlagsToApply(execArgv: readonly string[], nodeOptions: string | undefined): { heapGrowth: boolean; startupYoungGeneration: boolean } {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].map((flag) => flag.replace(/_/g, '-'));
  return {
    heapGrowth: !given.some((flag) => flag.startsWith('--heap-growing-percent')),
    startupYoungGeneration: !given.some((flag) => flag.includes('semi-space')),
  };
}

/**
 * Applies the settings of `heapGrowthFlagsToApply`. V8 versions that no longer knew a flag would print an error
 * line, so they are applied only on the Node majors whose V8 has them (measured on 20).
 * @returns the flags applied now (the young-generation one is undone after `startupWindowMs`)
 */
export function limitHeapGrowth(process: Pick<NodeJS.Process, 'execArgv' | 'env' | 'versions'>): string[] {
  const major = Number(process.versions.node.split('.')[0]);
  if (!(major >= 20 && major <= 24)) return [];
  const apply = heapGrowthFlagsToApply(process.execArgv, process.env.NODE_OPTIONS);
  const applied: string[] = [];
  if (apply.heapGrowth) applied.push(heapGrowthFlag);
  if (apply.startupYoungGeneration) {
    applied.push(startupYoungGenerationFlag);
    setTimeout(() => setFlagsFromString(defaultYoungGenerationFlag), startupWindowMs).unref();
  }
  for (const flag of applied) setFlagsFromString(flag);
  return applied;
}
