import type { RouteSpec } from './route-spec';

/** One Express path -> the same match as a regex source: `:name` one segment, `*name` the rest (one segment or more). */
function mountSource(mount: string): string {
  return mount
    .split(/(:[A-Za-z_]\w*|\*[A-Za-z_]\w*)/)
    .map((piece) => (piece.startsWith(':') ? '[^/]+' : piece.startsWith('*') ? '.+' : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
}

const compiled = new WeakMap<RouteSpec, RegExp>();

/**
 * The regex a route's paths match, derived from its `mount` paths as Express matches them (case-insensitive, an
 * optional trailing slash), so each path is written once, in the row. A row may still give its own `pattern`.
 */
export function routePattern(route: RouteSpec): RegExp {
  const cached = compiled.get(route);
  if (cached !== undefined) return cached;
  const pattern = route.pattern ?? (route.mount.length === 1 && route.mount[0] === '/' ? /^\/$/ : new RegExp(`^(?:${route.mount.map(mountSource).join('|')})/?$`, 'i'));
  compiled.set(route, pattern);
  return pattern;
}
