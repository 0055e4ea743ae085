/** A test body as Jest/Vitest accept it. */
export type TestBody = () => void | Promise<void>;

/** The few test-runner globals the contract suite uses. */
export interface TestGlobals {
  /** Groups cases. */
  describe(name: string, body: () => void): void;
  /** Declares a case; `it.skip` declares one that is reported as skipped. */
  it: ((name: string, body: TestBody, timeoutMs?: number) => void) & { skip(name: string, body: TestBody): void };
}

/**
 * The runner's `describe`/`it`, looked up at call time. Core compiles with `types: []`, so it cannot see
 * `@types/jest`; declaring these as ambient globals would clash with Jest's own declarations in every
 * package that imports this entry, hence a typed lookup instead.
 */
export function getTestGlobals(): TestGlobals {
  const globals = globalThis as unknown as Partial<TestGlobals>;
  if (typeof globals.describe !== 'function' || typeof globals.it !== 'function' || typeof globals.it.skip !== 'function') {
    throw new Error('The UpstreamClient contract suite must run inside a test runner that defines describe/it globals (Jest, or Vitest with globals: true).');
  }
  return globals as TestGlobals;
}
