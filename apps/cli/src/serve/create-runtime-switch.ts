import type { RequestListener } from 'node:http';
import type { ServingRuntime } from './create-serving-runtime';

/** The runtime serving new requests, and the request listener that routes to it. */
export interface RuntimeSwitch {
  /** Give this to the HTTP server once; it never changes. */
  handler: RequestListener;
  /** The runtime new requests go to. */
  current(): ServingRuntime;
  /** New requests go to `next`; the previous runtime is closed once its last in-flight request has finished. */
  switchTo(next: ServingRuntime): void;
  /** Closes every runtime (at shutdown, after the server stopped). */
  closeAll(): void;
}

interface Generation {
  runtime: ServingRuntime;
  inFlight: number;
  retired: boolean;
  closed: boolean;
}

/**
 * Routes each request to the runtime current when it arrived and keeps it there to the end: a reload never changes
 * the keys, models or timeouts under a request already running, and an old runtime's upstream connections are only
 * closed when its last request is done (closing them earlier would cut those requests off).
 */
export function createRuntimeSwitch(first: ServingRuntime): RuntimeSwitch {
  const generations = new Set<Generation>();
  let current: Generation = { runtime: first, inFlight: 0, retired: false, closed: false };
  generations.add(current);

  function close(generation: Generation): void {
    if (generation.closed) return;
    generation.closed = true;
    generations.delete(generation);
    generation.runtime.close();
  }

  return {
    handler(request, response) {
      const generation = current;
      generation.inFlight += 1;
      response.once('close', () => {
        generation.inFlight -= 1;
        if (generation.retired && generation.inFlight === 0) close(generation);
      });
      generation.runtime.app(request, response);
    },
    current: () => current.runtime,
    switchTo(next) {
      const previous = current;
      current = { runtime: next, inFlight: 0, retired: false, closed: false };
      generations.add(current);
      previous.retired = true;
      if (previous.inFlight === 0) close(previous);
    },
    closeAll() {
      for (const generation of [...generations]) close(generation);
    },
  };
}
