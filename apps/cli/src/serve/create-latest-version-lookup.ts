/** Options of `createLatestVersionLookup`. */
export interface LatestVersionLookupOptions {
  /** The npm registry document of the latest release. */
  url?: string;
  /** Give up after this long: an air-gapped lab must not wait on /version. */
  timeoutMs?: number;
  /** How long an answer (or a failure) is reused. */
  cacheMs?: number;
}

/**
 * `version.latest` for adapter-http's `/version`: asks the npm registry for the newest release, at most once per
 * `cacheMs`, 1.5 s timeout, never throwing (undefined when unknown). It is called only when someone asks
 * /version — never at startup or for `--version` (the reference contacted PyPI on every start, protocol doc §7.6).
 */
export function createLatestVersionLookup(options: LatestVersionLookupOptions = {}): () => Promise<string | undefined> {
  const url = options.url ?? 'https://registry.npmjs.org/asksage-proxy/latest';
  const timeoutMs = options.timeoutMs ?? 1500;
  const cacheMs = options.cacheMs ?? 60 * 60 * 1000;
  let cached: { at: number; value: Promise<string | undefined> } | undefined;
  const fetchLatest = async (): Promise<string | undefined> => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
      if (!response.ok) return undefined;
      const body = (await response.json()) as { version?: unknown };
      return typeof body.version === 'string' ? body.version : undefined;
    } catch {
      return undefined;
    }
  };
  return () => {
    const now = Date.now();
    if (cached === undefined || now - cached.at > cacheMs) cached = { at: now, value: fetchLatest() };
    return cached.value;
  };
}
