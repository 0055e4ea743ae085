import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorState } from './create-simulator-state';
import { readRequestBody } from './read-request-body';
import { sendJson } from './send-json';
import type { RunningSimulator, SimulatorFault } from './simulator-types';

/**
 * The simulator's own routes, kept outside `/server` and `/user` so they can never collide with AskSage's
 * (protocol doc §8.17): `GET /__sim/requests`, `POST /__sim/faults` (one fault or an array), `POST /__sim/reset`,
 * `POST /__sim/keys` `{key, invalid}`, `GET /__sim/health`. Not recorded.
 */
export async function handleControlRoute(
  state: SimulatorState,
  simulator: Pick<RunningSimulator, 'injectFault' | 'reset' | 'setKeyInvalid' | 'holdStreams' | 'streamFramesWritten'>,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  const method = request.method ?? 'GET';
  const { body } = await readRequestBody(request);
  if (path === '/__sim/health') return sendJson(response, 200, { ok: true });
  if (path === '/__sim/requests' && method === 'GET') return sendJson(response, 200, state.recorded);
  if (path === '/__sim/reset' && method === 'POST') {
    simulator.reset();
    return sendJson(response, 200, { ok: true });
  }
  if (path === '/__sim/faults' && method === 'POST') {
    const faults = (Array.isArray(body) ? body : [body]) as SimulatorFault[];
    try {
      for (const fault of faults) simulator.injectFault(fault);
    } catch (error) {
      return sendJson(response, 400, { error: (error as Error).message });
    }
    return sendJson(response, 200, { ok: true, added: faults.length });
  }
  if (path === '/__sim/keys' && method === 'POST') {
    const fields = (body ?? {}) as { key?: unknown; invalid?: unknown };
    if (typeof fields.key !== 'string' || !state.keys.has(fields.key)) return sendJson(response, 404, { error: 'unknown key' });
    simulator.setKeyInvalid(fields.key, fields.invalid === true);
    return sendJson(response, 200, { ok: true });
  }
  if (path === '/__sim/stream-settings' && method === 'POST') {
    // {"pauseMs": 20, "mode": "delta"}: pace and frame streaming replies from now on (benchmarks set this at run time).
    const fields = (body ?? {}) as { pauseMs?: unknown; mode?: unknown };
    if (typeof fields.pauseMs === 'number' && fields.pauseMs >= 0) state.streamFramePauseMs = fields.pauseMs;
    if (fields.mode === 'delta' || fields.mode === 'cumulative' || fields.mode === 'single' || fields.mode === 'ignore' || fields.mode === 'contradicting') state.streamYieldMode = fields.mode;
    return sendJson(response, 200, { ok: true, pauseMs: state.streamFramePauseMs, mode: state.streamYieldMode });
  }
  if (path === '/__sim/stream-gate' && method === 'POST') {
    // {"hold": true} holds streaming replies after their first frame; {"hold": false} releases them.
    const hold = (body as { hold?: unknown } | undefined)?.hold === true;
    if (hold) simulator.holdStreams();
    else state.releaseStreams?.();
    return sendJson(response, 200, { ok: true, framesWritten: simulator.streamFramesWritten() });
  }
  sendJson(response, 404, { error: `no simulator control route ${method} ${path}` });
}
