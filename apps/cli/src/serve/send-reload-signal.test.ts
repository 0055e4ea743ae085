import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMemoryIo } from '../testing/create-memory-io';
import type { ResolvedConfig } from '../config/resolved-config';
import { sendReloadSignal } from './send-reload-signal';

describe('sendReloadSignal (asksage-proxy --reload)', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(path.join(tmpdir(), 'asksage-proxy-reload-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));
  const config = () => ({ file: path.join(folder, 'config.yaml') }) as ResolvedConfig;

  it('sends SIGHUP to the pid in asksage-proxy.pid next to the config file', () => {
    writeFileSync(path.join(folder, 'asksage-proxy.pid'), '4242\n');
    const sent: Array<[number, string]> = [];
    const io = createMemoryIo({ home: folder });
    expect(sendReloadSignal(config(), io, (pid, signal) => sent.push([pid, signal]))).toBe(0);
    expect(sent).toEqual([[4242, 'SIGHUP']]);
    expect(io.stdoutText()).toContain('Asked the proxy (pid 4242) to reload');
  });

  it('exits 1 saying why when no proxy runs: no pid file, or a pid that is gone', () => {
    const io = createMemoryIo({ home: folder });
    expect(sendReloadSignal(config(), io, () => undefined)).toBe(1);
    expect(io.stderrText()).toContain('no running proxy found');
    writeFileSync(path.join(folder, 'asksage-proxy.pid'), '4242\n');
    const gone = () => {
      throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
    };
    expect(sendReloadSignal(config(), io, gone)).toBe(1);
    expect(io.stderrText()).toContain('pid 4242');
  });
});
