/** One route of the public API, as listed by `GET /` and used to answer 404/405. */
export interface HttpEndpoint {
  /** The method the route answers (GET routes answer HEAD too). */
  method: 'GET' | 'POST';
  /** Canonical path shown to users. */
  path: string;
  /** Matches the request path, with or without the `/v1` prefix where clients vary. */
  pattern: RegExp;
  /** True when the route works without the inbound API key (probes, dashboards). */
  isPublic: boolean;
}

/**
 * The routes of the proxy. Chat and models also answer without `/v1`, because OpenAI clients are configured with
 * base URLs both with and without it (`http://host:port` vs `http://host:port/v1`).
 */
export const httpEndpoints: readonly HttpEndpoint[] = [
  { method: 'POST', path: '/v1/chat/completions', pattern: /^(?:\/v1)?\/chat\/completions\/?$/i, isPublic: false },
  { method: 'GET', path: '/v1/models', pattern: /^(?:\/v1)?\/models\/?$/i, isPublic: false },
  { method: 'GET', path: '/v1/models/{model}', pattern: /^(?:\/v1)?\/models\/.+$/i, isPublic: false },
  { method: 'GET', path: '/health', pattern: /^\/health\/?$/i, isPublic: true },
  { method: 'GET', path: '/version', pattern: /^\/version\/?$/i, isPublic: true },
  { method: 'GET', path: '/', pattern: /^\/$/, isPublic: true },
];

/** `GET /v1/models` style lines, for `GET /` and the 404 message. */
export const endpointDescriptions: readonly string[] = httpEndpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`);

/** The endpoints whose path matches, whatever their method. */
export function findEndpoints(path: string): HttpEndpoint[] {
  return httpEndpoints.filter((endpoint) => endpoint.pattern.test(path));
}

/** The `Allow` header value of a path, or undefined when no route has that path. */
export function allowedMethodsOf(path: string): string | undefined {
  const methods = new Set(findEndpoints(path).flatMap((endpoint) => (endpoint.method === 'GET' ? ['GET', 'HEAD'] : [endpoint.method])));
  return methods.size === 0 ? undefined : [...methods, 'OPTIONS'].join(', ');
}
