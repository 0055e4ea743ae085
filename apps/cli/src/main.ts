// First: V8's heap settings before any library loads (see limit-heap-growth.ts).
import './apply-heap-limits';
import { createProcessIo } from './cli-io';
import { reportOpenHandles } from './report-open-handles';
import { main } from './run-cli';

// The installed `asksage-proxy` command. Exiting explicitly once main resolves: a stopped server must not
// linger because some library left a handle open.
main(process.argv.slice(2), createProcessIo()).then(
  (code) => {
    if (process.env.ASKSAGE_PROXY_REPORT_OPEN_HANDLES !== '1') process.exit(code);
    // Closed servers and sockets release their handles on the next turn of the loop: report after it.
    setTimeout(() => {
      reportOpenHandles((line) => process.stderr.write(line));
      process.exit(code);
    }, 20);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
