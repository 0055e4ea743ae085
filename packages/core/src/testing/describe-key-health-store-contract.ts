import type { KeyHealth, KeyHealthStore, KeyProbeLease } from '../ports/key-health-store';
import { describeValue } from './contract-assertions';
import { describeContractCases } from './describe-contract-cases';

/** One fresh implementation under test, as two replicas see it. Built per case; starts with no key reported. */
export interface KeyHealthStoreContractHarness {
  /** The implementation under test, as one replica holds it. */
  store: KeyHealthStore;
  /**
   * Another replica's store over the same shared state (a second instance on the same backend). For a store that
   * is not shared between processes (the in-memory one), the same instance as `store`.
   */
  peer: KeyHealthStore;
  /** Resolves once every change made so far through either store shows in both stores' `read` (pub/sub delivered). */
  settle(): Promise<void>;
  /** Releases everything the harness opened (connections, servers). */
  close(): Promise<void>;
}

/** Options of `describeKeyHealthStoreContract`. */
export interface KeyHealthStoreContractOptions {
  /** Names the implementation in the test report. */
  name: string;
  /** Builds a fresh harness with empty state; called once per case. */
  createHarness: () => Promise<KeyHealthStoreContractHarness>;
  /** Case name -> why it cannot run against this implementation. Reported as skipped with the reason. */
  skip?: Partial<Record<string, string>>;
}

type ContractCase = (harness: KeyHealthStoreContractHarness) => Promise<void>;

const now = Date.UTC(2026, 0, 1);
const minute = 60_000;
const key = 'key_contract';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`KeyHealthStore contract violated: ${message}`);
}

/** JSON with object keys sorted, so two values compare equal whatever order an implementation builds them in. */
function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_field, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
      : inner,
  );
}

function checkHealth(actual: KeyHealth, expected: Partial<KeyHealth>, situation: string): void {
  for (const [field, value] of Object.entries(expected)) {
    const seen = (actual as unknown as Record<string, unknown>)[field];
    check(canonical(seen) === canonical(value), `${situation}: ${field} must be ${describeValue(value)}, got ${describeValue(seen)} (in ${describeValue(actual)})`);
  }
}

/** A claim on a free lease: granted at once, or (a shared store's "not now") on the next try after settling. */
async function claimFree(harness: KeyHealthStoreContractHarness, store: KeyHealthStore, lease: KeyProbeLease, at = now): Promise<void> {
  if (store.claimProbe(key, lease, at)) return;
  await harness.settle();
  check(store.claimProbe(key, lease, at), `a claim by ${lease.holder} on a free lease must be granted, at the latest after settle()`);
}

/** The cases, by name. A name is what `skip` refers to, so renaming one is a breaking change. */
const contractCases: Record<string, ContractCase> = {
  'a key never reported reads healthy with zero streaks': async ({ store }) => {
    checkHealth(store.read('never_seen'), { consecutiveFailures: 0, rateLimitStreak: 0, outage: undefined, probe: undefined }, 'an unknown key');
  },
  'addFailure and addRateLimit count their own streaks, one by one': async ({ store }) => {
    check(store.addFailure(key) === 1 && store.addFailure(key) === 2, 'addFailure must return 1, then 2');
    check(store.addRateLimit(key) === 1, 'addRateLimit must count separately from failures and return 1');
    checkHealth(store.read(key), { consecutiveFailures: 2, rateLimitStreak: 1 }, 'after two failures and one rate limit');
  },
  'recordSuccess resets both streaks': async ({ store }) => {
    store.addFailure(key);
    store.addRateLimit(key);
    check(store.recordSuccess(key) === false, 'recordSuccess must return false when no circuit was open');
    checkHealth(store.read(key), { consecutiveFailures: 0, rateLimitStreak: 0 }, 'after a success');
  },
  'takeOut keeps the outage that ends last': async ({ store }) => {
    check(store.takeOut(key, { kind: 'cooling_down', until: now + 5 * minute }, now), 'a first outage must apply');
    check(!store.takeOut(key, { kind: 'circuit_open', until: now + minute }, now), 'an outage ending sooner must not shorten the current one');
    checkHealth(store.read(key), { outage: { kind: 'cooling_down', until: now + 5 * minute } }, 'after a shorter outage');
    check(store.takeOut(key, { kind: 'circuit_open', until: now + 10 * minute }, now), 'an outage ending later must replace the current one');
    checkHealth(store.read(key), { outage: { kind: 'circuit_open', until: now + 10 * minute } }, 'after a longer outage');
  },
  'an invalid outage replaces any other, and only another invalid one replaces it while it lasts': async ({ store }) => {
    store.takeOut(key, { kind: 'circuit_open', until: now + 60 * minute }, now);
    check(store.takeOut(key, { kind: 'invalid', until: now + minute }, now), 'invalid must replace a longer circuit_open');
    check(!store.takeOut(key, { kind: 'cooling_down', until: now + 60 * minute }, now), 'cooling_down must not replace a lasting invalid outage');
    check(!store.takeOut(key, { kind: 'circuit_open', until: now + 60 * minute }, now), 'circuit_open must not replace a lasting invalid outage');
    check(store.takeOut(key, { kind: 'invalid', until: now + 2 * minute }, now), 'a new invalid verdict must replace the old one');
    checkHealth(store.read(key), { outage: { kind: 'invalid', until: now + 2 * minute } }, 'after the second invalid verdict');
  },
  'an ended outage is replaced by any new one': async ({ store }) => {
    store.takeOut(key, { kind: 'invalid', until: now + minute }, now);
    const later = now + 2 * minute;
    check(store.takeOut(key, { kind: 'cooling_down', until: later + 1_000 }, later), 'an ended invalid outage must be replaced');
    checkHealth(store.read(key), { outage: { kind: 'cooling_down', until: later + 1_000 } }, 'after the old outage ended');
  },
  'recordSuccess closes an open or half-open circuit and drops its probe lease': async (harness) => {
    const { store } = harness;
    store.takeOut(key, { kind: 'circuit_open', until: now + minute }, now);
    await claimFree(harness, store, { holder: 'replica_a', until: now + 10 * minute });
    check(store.recordSuccess(key), 'recordSuccess must report that it closed an open circuit');
    checkHealth(store.read(key), { outage: undefined, probe: undefined, consecutiveFailures: 0 }, 'after the circuit closed');
    store.takeOut(key, { kind: 'circuit_open', until: now + minute }, now);
    check(store.recordSuccess(key), 'recordSuccess must also close a half-open circuit (an ended circuit_open outage)');
  },
  'recordSuccess leaves invalid and cooling_down outages in place': async ({ store }) => {
    store.takeOut(key, { kind: 'cooling_down', until: now + minute }, now);
    check(!store.recordSuccess(key), 'recordSuccess must not report a closed circuit for a cooling key');
    checkHealth(store.read(key), { outage: { kind: 'cooling_down', until: now + minute } }, 'a cooling key after a success');
    store.takeOut(key, { kind: 'invalid', until: now + minute }, now);
    store.recordSuccess(key);
    checkHealth(store.read(key), { outage: { kind: 'invalid', until: now + minute } }, 'an invalid key after a success');
  },
  'one probe lease at a time, even for the holder that has it': async (harness) => {
    const { store } = harness;
    await claimFree(harness, store, { holder: 'replica_a', until: now + minute });
    check(!store.claimProbe(key, { holder: 'replica_a', until: now + minute }, now), 'a second claim by the holder must be refused');
    check(!store.claimProbe(key, { holder: 'replica_b', until: now + minute }, now), 'a claim by another holder must be refused');
    checkHealth(store.read(key), { probe: { holder: 'replica_a', until: now + minute } }, 'the lease');
  },
  'a lapsed lease can be claimed by another holder': async (harness) => {
    const { store } = harness;
    await claimFree(harness, store, { holder: 'replica_a', until: now + minute });
    await claimFree(harness, store, { holder: 'replica_b', until: now + 3 * minute }, now + minute);
    checkHealth(store.read(key), { probe: { holder: 'replica_b', until: now + 3 * minute } }, 'the lease after it lapsed and was claimed again');
  },
  'releaseProbe frees the lease only for its holder, and says whether it held it': async (harness) => {
    const { store } = harness;
    check(!store.releaseProbe(key, 'replica_a'), 'releasing a lease nobody holds must return false');
    await claimFree(harness, store, { holder: 'replica_a', until: now + minute });
    check(!store.releaseProbe(key, 'replica_b'), 'a holder that does not hold the lease must not release it');
    checkHealth(store.read(key), { probe: { holder: 'replica_a', until: now + minute } }, 'after a release by another holder');
    check(store.releaseProbe(key, 'replica_a'), 'the holder must release its lease and get true');
    checkHealth(store.read(key), { probe: undefined }, 'after the release');
  },
  'a KeyHealth read earlier does not change when the key changes': async ({ store }) => {
    store.addFailure(key);
    const before = store.read(key);
    store.addFailure(key);
    store.takeOut(key, { kind: 'invalid', until: now + minute }, now);
    checkHealth(before, { consecutiveFailures: 1, outage: undefined }, 'a value read before the changes');
  },
  'keys are independent': async ({ store }) => {
    store.addFailure('key_a');
    store.takeOut('key_a', { kind: 'invalid', until: now + minute }, now);
    checkHealth(store.read('key_b'), { consecutiveFailures: 0, outage: undefined }, 'another key');
  },
  'a change made on one replica shows on the other after settle, and streaks count across replicas': async (harness) => {
    const { store, peer } = harness;
    store.takeOut(key, { kind: 'cooling_down', until: now + minute }, now);
    store.addFailure(key);
    peer.addFailure(key);
    await harness.settle();
    checkHealth(peer.read(key), { outage: { kind: 'cooling_down', until: now + minute }, consecutiveFailures: 2 }, 'the peer after settle');
    checkHealth(store.read(key), { consecutiveFailures: 2 }, 'the first replica after settle (no failure lost)');
  },
  'restore lifts exactly the outage it is given, and nothing else about the key': async (harness) => {
    const { store } = harness;
    const invalid = { kind: 'invalid', until: now + 60 * minute } as const;
    store.addFailure(key);
    store.takeOut(key, invalid, now);
    await claimFree(harness, store, { holder: 'replica_a', until: now + minute });
    check(!store.restore(key, { kind: 'invalid', until: now + 30 * minute }), 'restore must refuse an outage whose until differs');
    check(!store.restore(key, { kind: 'cooling_down', until: invalid.until }), 'restore must refuse an outage whose kind differs');
    checkHealth(store.read(key), { outage: invalid }, 'after refused restores');
    check(store.restore(key, invalid), 'restore must lift the outage it is given');
    checkHealth(store.read(key), { outage: undefined, consecutiveFailures: 1, probe: { holder: 'replica_a', until: now + minute } }, 'after the restore');
    check(!store.restore(key, invalid), 'a second restore of the same outage must return false');
    check(!store.restore('never_seen', invalid), 'restoring a key never reported must return false');
  },
  'restore leaves a newer verdict written by another replica in place': async (harness) => {
    const { store, peer } = harness;
    const checked = { kind: 'invalid', until: now + 60 * minute } as const;
    const newer = { kind: 'invalid', until: now + 90 * minute } as const;
    store.takeOut(key, checked, now);
    await harness.settle();
    peer.takeOut(key, newer, now + 30 * minute);
    await harness.settle();
    check(!store.restore(key, checked), 'restore must refuse once a newer verdict replaced the one it checked');
    await harness.settle();
    checkHealth(store.read(key), { outage: newer }, 'the first replica after the refused restore');
    checkHealth(peer.read(key), { outage: newer }, 'the peer after the refused restore');
  },
  'a restore on one replica shows on the other after settle': async (harness) => {
    const { store, peer } = harness;
    const invalid = { kind: 'invalid', until: now + 60 * minute } as const;
    peer.takeOut(key, invalid, now);
    await harness.settle();
    check(store.restore(key, invalid), 'restore must lift an outage another replica wrote, once it shows here');
    await harness.settle();
    checkHealth(peer.read(key), { outage: undefined }, 'the peer after settle');
  },
  'of two replicas claiming a recovering key, at most one gets the lease': async (harness) => {
    const { store, peer } = harness;
    const first = store.claimProbe(key, { holder: 'replica_a', until: now + minute }, now);
    const second = peer.claimProbe(key, { holder: 'replica_b', until: now + minute }, now);
    check(!(first && second), 'both replicas were granted the probe lease of the same key');
    await harness.settle();
    const winner = first ? 'replica_a' : second ? 'replica_b' : undefined;
    if (winner !== undefined) {
      checkHealth(store.read(key), { probe: { holder: winner, until: now + minute } }, 'the first replica after settle');
      checkHealth(peer.read(key), { probe: { holder: winner, until: now + minute } }, 'the peer after settle');
      check(!(winner === 'replica_a' ? peer : store).claimProbe(key, { holder: 'replica_c', until: now + minute }, now), 'a held lease must be refused on the other replica after settle');
    }
  },
};

/** Every case name, for `skip` maps and documentation. */
export const keyHealthStoreContractCaseNames: readonly string[] = Object.keys(contractCases);

/**
 * The one shared contract suite of the `KeyHealthStore` port: run it against every implementation — the in-memory
 * store and a shared one (Redis) with two replicas' instances on one backend. A new store is done when this passes;
 * a skipped case must say why, and the reason shows in the report.
 */
export function describeKeyHealthStoreContract(options: KeyHealthStoreContractOptions): void {
  describeContractCases('describeKeyHealthStoreContract', 'KeyHealthStore', contractCases, options);
}
