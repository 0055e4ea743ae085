// Every child process the bench starts is registered here, so no target outlives the orchestrator:
// a crash, Ctrl-C or a failed scenario must not leave a proxy or simulator listening on the machine.
'use strict';

const children = new Set();
const exitCleanups = new Set();
let handlersInstalled = false;

/**
 * Records a child process so that it is killed when the orchestrator exits for any reason.
 * @param {import('node:child_process').ChildProcess} child
 */
function registerChildProcess(child) {
  installExitHandlers();
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/**
 * Registers a synchronous cleanup (e.g. removing a temporary HOME) to run if the orchestrator exits
 * before the owner ran it; returns the function that unregisters it.
 * @param {() => void} cleanup
 * @returns {() => void}
 */
function registerExitCleanup(cleanup) {
  installExitHandlers();
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}

/** SIGKILLs every registered child that is still running, then runs the pending cleanups (synchronous, safe inside an 'exit' handler). */
function killAllChildProcesses() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  children.clear();
  for (const cleanup of exitCleanups) {
    try {
      cleanup();
    } catch {
      // best effort: the process is exiting
    }
  }
  exitCleanups.clear();
}

function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllChildProcesses);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.once(signal, () => {
      console.error(`\nbench: received ${signal}, stopping every target process.`);
      killAllChildProcesses();
      process.exit(code);
    });
  }
  process.on('uncaughtException', (error) => {
    console.error('bench: unexpected error:', error);
    killAllChildProcesses();
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    console.error('bench: unhandled rejection:', reason);
    killAllChildProcesses();
    process.exit(1);
  });
}

module.exports = { registerChildProcess, registerExitCleanup, killAllChildProcesses };
