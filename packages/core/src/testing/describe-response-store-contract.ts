import type { ResponseStore, StoredResponse } from '../ports/response-store';
import { describeValue } from './contract-assertions';
import { describeContractCases } from './describe-contract-cases';

/** One fresh store under test, with control over the time it sees. Built per case. */
export interface ResponseStoreContractHarness {
  /** The implementation under test. */
  store: ResponseStore;
  /** The most entries it keeps (as configured for this harness; the suite stores one more). */
  maxEntries: number;
  /** How long it keeps an entry, in ms (as configured). */
  maxAgeMs: number;
  /** Moves the store's clock forward by `ms`. */
  advance(ms: number): void | Promise<void>;
  /** Releases what the harness opened (connections, servers). */
  close(): Promise<void>;
}

/** Options of `describeResponseStoreContract`. */
export interface ResponseStoreContractOptions {
  /** Names the implementation in the test report. */
  name: string;
  /** Builds a fresh harness; called once per case. Keep `maxEntries` small: the suite fills the store past it. */
  createHarness: () => Promise<ResponseStoreContractHarness>;
  /** Case name -> why it cannot run against this implementation. Reported as skipped with the reason. */
  skip?: Partial<Record<string, string>>;
}

type ContractCase = (harness: ResponseStoreContractHarness) => Promise<void>;

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`ResponseStore contract violated: ${message}`);
}

function sampleEntry(id: string, text = `answer of ${id}`): StoredResponse {
  return {
    id,
    response: { id, object: 'response', output: [{ type: 'message', id: `msg_${id}`, content: [{ type: 'output_text', text }] }] },
    items: [{ type: 'message', role: 'user', content: 'question' }, { type: 'message', id: `msg_${id}`, role: 'assistant', content: [{ type: 'output_text', text }] }],
    storedAt: 1_700_000_000_000,
  };
}

function sameEntry(actual: StoredResponse | undefined, expected: StoredResponse): boolean {
  return actual !== undefined && JSON.stringify(actual) === JSON.stringify(expected);
}

/** The cases, by name. A name is what `skip` refers to, so renaming one is a breaking change. */
const contractCases: Record<string, ContractCase> = {
  'get returns what put stored, items included': async ({ store }) => {
    const entry = sampleEntry('resp_contract_1');
    await store.put(entry);
    const found = await store.get(entry.id);
    check(sameEntry(found, entry), `get must return the stored entry, got ${describeValue(found)}`);
  },
  'get of an unknown id resolves undefined': async ({ store }) => {
    const found = await store.get('resp_never_stored');
    check(found === undefined, `expected undefined, got ${describeValue(found)}`);
  },
  'put with an existing id replaces the entry': async ({ store }) => {
    await store.put(sampleEntry('resp_contract_2', 'first'));
    const second = sampleEntry('resp_contract_2', 'second');
    await store.put(second);
    const found = await store.get('resp_contract_2');
    check(sameEntry(found, second), `expected the second entry, got ${describeValue(found)}`);
  },
  'delete removes the entry and reports whether it existed': async ({ store }) => {
    await store.put(sampleEntry('resp_contract_3'));
    check((await store.delete('resp_contract_3')) === true, 'delete of a stored id must resolve true');
    check((await store.get('resp_contract_3')) === undefined, 'a deleted entry must be gone');
    check((await store.delete('resp_contract_3')) === false, 'a second delete must resolve false');
    check((await store.delete('resp_never_stored')) === false, 'delete of an unknown id must resolve false');
  },
  'an entry older than maxAgeMs is gone, a younger one is kept': async (harness) => {
    const { store } = harness;
    await store.put(sampleEntry('resp_old'));
    await harness.advance(Math.floor(harness.maxAgeMs / 2));
    await store.put(sampleEntry('resp_young'));
    await harness.advance(Math.floor(harness.maxAgeMs / 2) + 1);
    check((await store.get('resp_old')) === undefined, `an entry stored ${harness.maxAgeMs + 1} ms ago must have expired`);
    check((await store.get('resp_young')) !== undefined, 'an entry younger than maxAgeMs must still be there');
    check((await store.delete('resp_old')) === false, 'delete of an expired entry must resolve false');
  },
  'beyond maxEntries the oldest stored entry is dropped first': async (harness) => {
    const { store, maxEntries } = harness;
    for (let index = 0; index <= maxEntries; index += 1) await store.put(sampleEntry(`resp_fill_${index}`));
    check((await store.get('resp_fill_0')) === undefined, `after ${maxEntries + 1} puts the first entry must have been dropped`);
    for (let index = 1; index <= maxEntries; index += 1) {
      check((await store.get(`resp_fill_${index}`)) !== undefined, `resp_fill_${index} must still be there (only the oldest goes)`);
    }
  },
  'storing an entry again makes it the newest': async (harness) => {
    const { store, maxEntries } = harness;
    for (let index = 0; index < maxEntries; index += 1) await store.put(sampleEntry(`resp_order_${index}`));
    await store.put(sampleEntry('resp_order_0', 'refreshed'));
    await store.put(sampleEntry('resp_order_new'));
    check((await store.get('resp_order_0')) !== undefined, 'a re-stored entry must not be evicted as the oldest');
    if (maxEntries > 1) check((await store.get('resp_order_1')) === undefined, 'the oldest entry not re-stored must be the one dropped');
  },
};

/** Names of the cases, for `skip`. */
export const responseStoreContractCaseNames: readonly string[] = Object.keys(contractCases);

/**
 * The behaviour every `ResponseStore` must have, as one Jest/Vitest suite: run it against the in-memory store and
 * against any shared store (Redis) before wiring it. `createHarness` is called per case.
 */
export function describeResponseStoreContract(options: ResponseStoreContractOptions): void {
  describeContractCases('describeResponseStoreContract', 'ResponseStore', contractCases, options);
}
