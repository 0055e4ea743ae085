import type { Response } from 'express';

/** Resolves on 'drain' or 'close', whichever comes first: a closed socket never drains. */
export function drainedOrClosed(response: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
