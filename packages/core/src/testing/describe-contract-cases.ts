import { getTestGlobals } from './test-globals';

/** What every port's contract suite takes. */
export interface ContractSuiteOptions<Harness extends { close(): Promise<void> | void }> {
  /** Names the implementation in the test report. */
  name: string;
  /** Builds a fresh harness; called once per case. */
  createHarness: () => Promise<Harness>;
  /** Case name -> why it cannot run against this implementation. Reported as skipped with the reason. */
  skip?: Partial<Record<string, string>>;
}

/**
 * Runs one port's named contract cases against one implementation (hono's `common.case.test.ts` pattern), the same
 * way for every port: a fresh harness per case, closed whatever happens; a skip must name a known case and give a
 * reason, which shows in the report. `suite` is the caller's function name and `port` the port's, for messages.
 */
export function describeContractCases<Harness extends { close(): Promise<void> | void }>(
  suite: string,
  port: string,
  cases: Record<string, (harness: Harness) => Promise<void>>,
  options: ContractSuiteOptions<Harness>,
): void {
  const { describe, it } = getTestGlobals();
  const skip = options.skip ?? {};
  const unknown = Object.keys(skip).filter((name) => !(name in cases));
  if (unknown.length > 0) {
    throw new Error(`${suite}(${options.name}): unknown case(s) in skip: ${unknown.join(', ')}. Known: ${Object.keys(cases).join('; ')}`);
  }
  const unexplained = Object.entries(skip).filter(([, reason]) => typeof reason !== 'string' || reason.trim() === '');
  if (unexplained.length > 0) {
    throw new Error(`${suite}(${options.name}): every skipped case needs a reason: ${unexplained.map(([name]) => name).join(', ')}`);
  }
  describe(`${port} contract: ${options.name}`, () => {
    for (const [name, run] of Object.entries(cases)) {
      const reason = skip[name];
      if (reason !== undefined) {
        it.skip(`${name} (skipped: ${reason})`, () => undefined);
        continue;
      }
      it(name, async () => {
        const harness = await options.createHarness();
        try {
          await run(harness);
        } finally {
          await harness.close();
        }
      });
    }
  });
}
