/** How long `GET /version` waits for the registry before answering `latest: null`. */
export const latestVersionTimeoutMs = 1_500;

/**
 * Asks for the newest published version but never waits longer than `timeoutMs` and never fails: air-gapped
 * labs have no registry, and the reference proxy's 5-second PyPI call at start-up is what we avoid.
 */
export async function lookupLatestVersion(
  latest: (() => Promise<string | undefined>) | undefined,
  timeoutMs: number = latestVersionTimeoutMs,
): Promise<string | null> {
  if (latest === undefined) return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
    timer.unref();
  });
  try {
    const found = await Promise.race([Promise.resolve().then(latest), timeout]);
    return typeof found === 'string' && found !== '' ? found : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
