import { judgeReachability } from './judge-reachability';

describe('judgeReachability', () => {
  it.each([
    [200, '{"response": [], "status": 200}', 'ok'],
    [204, '', 'ok'],
    [400, '{"response": "Bad request", "status": 400}', 'ok'],
    [401, '{"message": "Unauthorized", "status": 401}', 'ok'],
    [404, '{"response": "Not found", "status": 404}', 'wrong-endpoint'],
    [405, '<html>Method Not Allowed</html>', 'wrong-endpoint'],
    [403, '<html>Forbidden</html>', 'wrong-endpoint'],
    [400, '{"error": "bad"}', 'wrong-endpoint'],
    [502, 'Bad Gateway', 'failed'],
    [500, '{"response": "Internal server error", "status": 500}', 'failed'],
  ])('HTTP %i %s -> %s', (status, body, verdict) => {
    expect(judgeReachability(status, body).verdict).toBe(verdict);
  });
});
