// The process's own stdio and signal watchers stay open by design, and the report itself runs from a timer;
// anything else still alive after shutdown was leaked.
const expectedAtExit = new Set(['TTYWrap', 'PipeWrap', 'SignalWrap', 'FSReqCallback', 'Timeout', 'Immediate']);

/**
 * Lists what would still keep the event loop alive once the CLI has finished (sockets, servers, timers), for
 * `ASKSAGE_PROXY_REPORT_OPEN_HANDLES=1`. `main.ts` exits explicitly, which would otherwise hide a leak; tests turn
 * this on to prove that shutdown closed everything it opened.
 */
export function reportOpenHandles(write: (line: string) => void): void {
  const open = process.getActiveResourcesInfo().filter((resource) => !expectedAtExit.has(resource));
  write(`open handles at exit: ${open.length === 0 ? 'none' : open.join(', ')}\n`);
}
