import type { SimulatorFault, SimulatorFaultAction } from './simulator-types';

/** What a request offers for fault matching. */
export interface FaultTarget {
  path: string;
  key: string | undefined;
  model: string | undefined;
}

/** Holds injected faults and hands out the one that applies to a request. */
export interface FaultRegistry {
  add(fault: SimulatorFault): void;
  /** The first fault matching `target` (its `times` is used up), or undefined. */
  take(target: FaultTarget): SimulatorFaultAction | undefined;
  clear(): void;
}

interface ActiveFault {
  fault: SimulatorFault;
  remaining: number;
}

const FAULT_KINDS = new Set(['http', 'envelope', 'overloaded', 'delay', 'stall', 'reset', 'reset-mid-body', 'bad-json', 'html', 'empty', 'stream-error', 'script']);

/** Checks a fault received over HTTP (`POST /__sim/faults`) or from code; throws on an unknown kind. */
export function validateFault(value: unknown): SimulatorFault {
  if (!value || typeof value !== 'object') throw new Error('a fault must be an object');
  // `{ action: {...}, match, times }` is accepted as well as the flat form.
  const candidate = value as Record<string, unknown>;
  const flat = candidate.action && typeof candidate.action === 'object' ? { ...candidate, ...(candidate.action as object), action: undefined } : candidate;
  if (typeof flat.kind !== 'string' || !FAULT_KINDS.has(flat.kind)) throw new Error(`unknown fault kind: ${String(flat.kind)}`);
  const times = flat.times;
  if (times !== undefined && times !== 'always' && !(typeof times === 'number' && times >= 1)) {
    throw new Error("times must be a positive number or 'always'");
  }
  return flat as unknown as SimulatorFault;
}

/** Faults in injection order; a fault with `probability` rolls per matching request and uses up `times` only when it fires. */
export function createFaultRegistry(random: () => number = Math.random): FaultRegistry {
  let faults: ActiveFault[] = [];
  return {
    add(fault) {
      const checked = validateFault(fault);
      const times = checked.times === 'always' ? Number.POSITIVE_INFINITY : (checked.times ?? 1);
      faults.push({ fault: checked, remaining: times });
    },
    take(target) {
      if (faults.length === 0) return undefined;
      for (const active of faults) {
        if (active.remaining <= 0 || !matches(active.fault, target)) continue;
        if (active.fault.probability !== undefined && random() >= active.fault.probability) continue;
        active.remaining -= 1;
        if (active.remaining <= 0) faults = faults.filter((candidate) => candidate !== active);
        return active.fault;
      }
      return undefined;
    },
    clear() {
      faults = [];
    },
  };
}

function matches(fault: SimulatorFault, target: FaultTarget): boolean {
  const match = fault.match;
  if (!match) return true;
  if (match.path !== undefined && match.path !== target.path && `/server${match.path}` !== target.path && `/user${match.path}` !== target.path) {
    return false;
  }
  if (match.key !== undefined && match.key !== target.key) return false;
  if (match.model !== undefined && match.model !== target.model) return false;
  return true;
}
