import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRotatingFileStream } from './create-rotating-file-stream';

const write = (stream: NodeJS.WritableStream, text: string) => new Promise<void>((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));

describe('createRotatingFileStream', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(path.join(tmpdir(), 'asksage-proxy-log-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('rotates by size, shifting .1 to .2, and keeps only max_files rotated files', async () => {
    const file = path.join(folder, 'proxy.log');
    const stream = createRotatingFileStream({ file, rotation: 'size', maxBytes: 20, maxFiles: 2 });
    for (const line of ['line one 0123\n', 'line two 0123\n', 'line three 01\n', 'line four 012\n']) await write(stream, line);
    expect(readdirSync(folder).sort()).toEqual(['proxy.log', 'proxy.log.1', 'proxy.log.2']);
    expect(readFileSync(file, 'utf8')).toBe('line four 012\n');
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('line three 01\n');
    expect(readFileSync(`${file}.2`, 'utf8')).toBe('line two 0123\n');
    // Log lines name keys and models: only the owner may read them.
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('rotates daily into dated files, including a file left from an earlier day, and prunes old days', async () => {
    const file = path.join(folder, 'proxy.log');
    writeFileSync(file, 'from the 27th\n');
    utimesSync(file, new Date('2026-11-27T12:00:00Z'), new Date('2026-11-27T12:00:00Z'));
    writeFileSync(`${file}.2026-11-26`, 'older\n');
    let now = Date.parse('2026-11-28T23:59:00Z');
    const stream = createRotatingFileStream({ file, rotation: 'daily', maxBytes: 1, maxFiles: 2, now: () => now });
    await write(stream, 'late on the 28th\n');
    now = Date.parse('2026-11-29T00:01:00Z');
    await write(stream, 'early on the 29th\n');
    expect(readdirSync(folder).sort()).toEqual(['proxy.log', 'proxy.log.2026-11-27', 'proxy.log.2026-11-28']);
    expect(readFileSync(`${file}.2026-11-27`, 'utf8')).toBe('from the 27th\n');
    expect(readFileSync(`${file}.2026-11-28`, 'utf8')).toBe('late on the 28th\n');
    expect(readFileSync(file, 'utf8')).toBe('early on the 29th\n');
  });
});
