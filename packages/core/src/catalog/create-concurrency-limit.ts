/** Runs tasks with at most a fixed number in flight, the rest waiting in order. */
export type ConcurrencyLimit = <T>(task: () => Promise<T>) => Promise<T>;

/** A promise-only `p-limit` (core takes no runtime dependencies): first come, first started. */
export function createConcurrencyLimit(maximum: number): ConcurrencyLimit {
  const waiting: Array<() => void> = [];
  let active = 0;
  const release = (): void => {
    active -= 1;
    const next = waiting.shift();
    if (next) next();
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        active += 1;
        task().then(resolve, reject).finally(release);
      };
      if (active < maximum) start();
      else waiting.push(start);
    });
}
