import { closeSync, existsSync, fstatSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';

/** Options of `createRotatingFileStream`. */
export interface RotatingFileOptions {
  /** The live log file; rotated files sit beside it. */
  file: string;
  /** `size`: start a new file when this one would pass `maxBytes`; `daily`: when the UTC day changes. */
  rotation: 'size' | 'daily';
  /** Size limit of one file, for `size`. */
  maxBytes: number;
  /** Rotated files kept besides the live one; older ones are deleted. */
  maxFiles: number;
  /** ms epoch; default `Date.now` (tests pass their own, so no test waits for midnight). */
  now?: () => number;
}

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * A log file that never grows without bound: size rotation renames `proxy.log` to `proxy.log.1` (shifting `.1` to
 * `.2`…, like logrotate), daily rotation to `proxy.log.2026-11-30` (the day its lines were written), and only
 * `maxFiles` rotated files are kept. Writes are synchronous appends (mode 0600: log lines name keys and models), so a
 * line is on disk before the process can exit and nothing is lost at a crash.
 */
export function createRotatingFileStream(options: RotatingFileOptions): Writable {
  const now = options.now ?? Date.now;
  const { file, maxFiles } = options;
  const folder = path.dirname(file);
  const base = path.basename(file);
  let fd = openSync(file, 'a', 0o600);
  let size = fstatSync(fd).size;
  // A file left from an earlier day belongs to that day.
  let day = size > 0 ? dayOf(statSync(file).mtimeMs) : dayOf(now());

  function pruneDated(): void {
    const dated = readdirSync(folder).filter((name) => name.startsWith(`${base}.`) && /^\d{4}-\d{2}-\d{2}(\.\d+)?$/.test(name.slice(base.length + 1))).sort();
    for (const name of dated.slice(0, Math.max(0, dated.length - maxFiles))) rmSync(path.join(folder, name), { force: true });
  }

  function rotate(): void {
    closeSync(fd);
    if (options.rotation === 'size') {
      rmSync(`${file}.${maxFiles}`, { force: true });
      for (let index = maxFiles - 1; index >= 1; index -= 1) if (existsSync(`${file}.${index}`)) renameSync(`${file}.${index}`, `${file}.${index + 1}`);
      renameSync(file, `${file}.1`);
    } else {
      let target = `${file}.${day}`;
      // A restart on the same day may rotate twice; never overwrite the day's first file.
      for (let suffix = 1; existsSync(target); suffix += 1) target = `${file}.${day}.${suffix}`;
      renameSync(file, target);
      pruneDated();
    }
    fd = openSync(file, 'a', 0o600);
    size = 0;
    day = dayOf(now());
  }

  if (options.rotation === 'daily' && size > 0 && day !== dayOf(now())) rotate();

  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      try {
        const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        const due = options.rotation === 'size' ? size > 0 && size + data.length > options.maxBytes : dayOf(now()) !== day;
        if (due) rotate();
        writeSync(fd, data);
        size += data.length;
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    final(callback) {
      closeSync(fd);
      callback();
    },
  });
}
