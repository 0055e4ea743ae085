import { findRoutes, httpRoutes } from './http-routes';
import { routePattern } from './route-pattern';
import type { RouteSpec } from './route-spec';

const row = (mount: string[]): RouteSpec => ({ method: 'GET', path: mount[0] ?? '/', mount, isPublic: true, handler: () => () => undefined });

describe('routePattern: each path written once, in mount', () => {
  it('matches what Express matches: both mounts, any case, an optional trailing slash, params one segment, wildcards the rest', () => {
    const chat = routePattern(row(['/v1/chat/completions', '/chat/completions']));
    for (const path of ['/v1/chat/completions', '/chat/completions', '/V1/Chat/Completions', '/v1/chat/completions/']) expect([path, chat.test(path)]).toEqual([path, true]);
    for (const path of ['/v2/chat/completions', '/v1/chat/completions/x', '/v1/chat/completionsx']) expect([path, chat.test(path)]).toEqual([path, false]);
    const stored = routePattern(row(['/v1/responses/:id']));
    expect(stored.test('/v1/responses/resp_1')).toBe(true);
    expect(stored.test('/v1/responses/resp_1/more')).toBe(false);
    const model = routePattern(row(['/v1/models/*id']));
    expect(model.test('/v1/models/org/model-name')).toBe(true);
    expect(model.test('/v1/models/')).toBe(false);
    expect(routePattern(row(['/status.json'])).test('/statusXjson')).toBe(false);
    expect(routePattern(row(['/'])).test('/')).toBe(true);
    expect(routePattern(row(['/'])).test('/x')).toBe(false);
  });

  it('finds the rows of the real table by path as before: models by id, stored responses, the root only at /', () => {
    const table = httpRoutes;
    expect(findRoutes(table, '/v1/models/claude-sonnet-4-5').map((route) => route.path)).toEqual(['/v1/models/{model}']);
    expect(findRoutes(table, '/v1/responses/resp_abc').map((route) => route.method)).toEqual(['GET', 'DELETE']);
    expect(findRoutes(table, '/v1/messages/count_tokens').map((route) => route.path)).toEqual(['/v1/messages/count_tokens']);
    expect(findRoutes(table, '/').map((route) => route.path)).toEqual(['/']);
    expect(findRoutes(table, '/nope')).toEqual([]);
  });
});
