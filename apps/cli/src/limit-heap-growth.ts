import { setFlagsFromString } from 'node:v8';

/**
 * The V8 settings the installed command applies to itself before any library loads (issue 9; measured in
 * docs/benchmarks.md, "Memory"):
 * - `--semi-space-growth-factor=1`: the young generation stays at its initial 1 MB semi-spaces instead of doubling
 *   to 16 MB ones during start-up and under load (up to 3 x 16 MB of RSS). The proxy's garbage is short-lived, so
 *   scavenges stay cheap.
 * - `--heap-growing-percent=50`: after a full GC the old generation may grow to 1.5 x what is live, instead of the
 *   up-to-4 x V8 picks when collection looks cheap; under sustained load the old space had grown to ~70 MB around
 *   ~25 MB of live objects.
 * Together: idle RSS -18 MB, peak RSS under sustained load about -90 MB, with 1,000 open streams about -50 MB, and
 * no CPU per request difference beyond the noise of interleaved runs.
 *
 * `--max-semi-space-size` would be the usual way but is read only when the heap is created, which a script cannot
 * reach (a shebang with flags is not portable); these two are read at each collection, so setting them here takes
 * effect. Whoever starts node with their own setting of either (command line or NODE_OPTIONS) keeps theirs.
 */
export const heapGrowthFlags: readonly string[] = ['--semi-space-growth-factor=1', '--heap-growing-percent=50'];

/** The flags of `heapGrowthFlags` the process did not set itself (by name, on its command line or in NODE_OPTIONS). */
export function heapGrowthFlagsToApply(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].map((flag) => flag.replace(/_/g, '-'));
  const ownSemiSpace = given.some((flag) => flag.includes('semi-space'));
  return heapGrowthFlags.filter((flag) => {
    const name = flag.slice(0, flag.indexOf('='));
    return !(ownSemiSpace && name.includes('semi-space')) && !given.some((own) => own.startsWith(name));
  });
}

/**
 * Applies `heapGrowthFlagsToApply`. V8 versions that no longer knew a flag would print an error line, so this
 * applies them only on the Node majors they were measured on (20) and the next ones whose V8 still has them.
 * @returns the flags applied
 */
export function limitHeapGrowth(process: Pick<NodeJS.Process, 'execArgv' | 'env' | 'versions'>): string[] {
  const major = Number(process.versions.node.split('.')[0]);
  if (!(major >= 20 && major <= 24)) return [];
  const flags = heapGrowthFlagsToApply(process.execArgv, process.env.NODE_OPTIONS);
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}
