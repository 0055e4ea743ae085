import { createProcessIo } from './cli-io';
import { main } from './run-cli';

// The installed `asksage-proxy` command. Exiting explicitly once main resolves: a stopped server must not
// linger because some library left a handle open.
main(process.argv.slice(2), createProcessIo()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
