// Runs Jest; when CI sets JEST_JSON_OUTPUT, Jest also writes its JSON results there so .ci/run can print
// the one closing "N passed, M failed" line.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const args = process.argv.slice(2);
if (process.env.JEST_JSON_OUTPUT) {
  args.push('--json', `--outputFile=${process.env.JEST_JSON_OUTPUT}`);
}
const jest = require.resolve('jest/bin/jest', { paths: [path.resolve(__dirname, '..')] });
const result = spawnSync(process.execPath, [jest, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
