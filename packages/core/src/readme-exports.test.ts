import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as core from './index';
import * as testing from './testing/index';

// packages/core/README.md is what library users copy from: every name it imports from core, and every core function
// it mentions in its prose, must be exported (a reviewer found the README offering an unexported function).
const readme = readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');
/** Functions the README names from the other packages (the CLI's runtime, adapter-http, runtime-node, adapters). */
const elsewhere = new Set(['createProxyRuntime', 'createHttpApp', 'createAskSageUpstreamClient', 'createSystemClock', 'createMathRandomSource', 'createCryptoIdGenerator', 'postToAskSage']);

describe('packages/core/README.md', () => {
  it('imports from @asksage-proxy/core only what the package exports', () => {
    const imports = [...readme.matchAll(/import \{([^}]+)\} from '@asksage-proxy\/core(\/testing)?'/g)];
    expect(imports.length).toBeGreaterThan(0);
    for (const [, names, fromTesting] of imports) {
      for (const name of (names ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')) {
        expect([name, name in (fromTesting === undefined ? core : testing)]).toEqual([name, true]);
      }
    }
  });

  it('mentions in its prose only functions that core, its testing entry or a named other package exports', () => {
    const mentioned = [...readme.matchAll(/`((?:create|convert|describe|run|parse|render|build|read|interpret)[A-Za-z]+)\(/g)].map((match) => match[1] as string);
    expect(mentioned).toContain('createAskSageFrameReader');
    for (const name of mentioned) expect([name, name in core || name in testing || elsewhere.has(name)]).toEqual([name, true]);
  });
});
