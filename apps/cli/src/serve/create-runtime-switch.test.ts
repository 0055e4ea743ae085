import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServingRuntime } from './create-serving-runtime';
import { createRuntimeSwitch } from './create-runtime-switch';

/** A runtime whose answers wait until the test releases them, and which records when it is closed. */
function heldRuntime(name: string) {
  const releases: Array<() => void> = [];
  const runtime = {
    closed: false,
    waiting: () => releases.length,
    release: () => releases.splice(0).forEach((release) => release()),
    app: ((_request, response) => {
      releases.push(() => response.end(name));
    }) as ServingRuntime['app'],
    close() {
      runtime.closed = true;
    },
  };
  return runtime;
}

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('createRuntimeSwitch', () => {
  it('keeps a request on the runtime it arrived at and closes that runtime only after its last request', async () => {
    const old = heldRuntime('old');
    const next = heldRuntime('new');
    const runtimes = createRuntimeSwitch(old as unknown as ServingRuntime);
    const server = createServer(runtimes.handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const first = fetch(url).then((response) => response.text());
      while (old.waiting() === 0) await nextTurn();
      runtimes.switchTo(next as unknown as ServingRuntime);
      expect(old.closed).toBe(false);
      const second = fetch(url).then((response) => response.text());
      while (next.waiting() === 0) await nextTurn();
      next.release();
      expect(await second).toBe('new');
      expect(old.closed).toBe(false);
      old.release();
      expect(await first).toBe('old');
      while (!old.closed) await nextTurn();
      expect(next.closed).toBe(false);
      runtimes.closeAll();
      expect(next.closed).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('closes an idle runtime at once when switched away from', () => {
    const old = heldRuntime('old');
    const runtimes = createRuntimeSwitch(old as unknown as ServingRuntime);
    runtimes.switchTo(heldRuntime('new') as unknown as ServingRuntime);
    expect(old.closed).toBe(true);
  });
});
