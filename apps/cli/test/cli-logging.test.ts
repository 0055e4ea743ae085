/**
 * The last line of defence: whatever code logs, a configured key (or anything shaped like an AskSage key) never
 * reaches the log output, in either format, at any level.
 */
import { Writable } from 'node:stream';
import { createWinstonLogger } from '@asksage-proxy/runtime-node';

const configured = 'configured-secret-key-value-1234';
const keyShaped = 'f3'.repeat(32);

function capture(format: 'text' | 'json') {
  let text = '';
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => { text += chunk.toString(); done(); } });
  const logger = createWinstonLogger({ level: 'debug', format, secrets: () => [configured], stream });
  return { logger, text: () => text };
}

describe.each(['text', 'json'] as const)('%s logs', (format) => {
  it('redact configured keys and key-shaped tokens from messages and nested fields, keeping key names', () => {
    const { logger, text } = capture(format);
    logger.error(`upstream said: Token ${configured} is invalid`, { keyName: 'primary', body: { headers: { 'x-access-tokens': configured }, echoed: [keyShaped] } });
    logger.debug('request body', { body: `{"message":"my key is ${keyShaped}"}`, error: new Error(`failed with ${configured}`) });
    logger.info(keyShaped);
    const output = text();
    expect(output).not.toContain(configured);
    expect(output).not.toContain(keyShaped);
    expect(output).toContain('primary');
    expect(output).toContain('[redacted]');
    expect(output.trim().split('\n')).toHaveLength(3);
  });
});

it('writes one JSON object per line in json format', () => {
  const { logger, text } = capture('json');
  logger.warn('slow upstream', { keyName: 'backup', ms: 1200 });
  expect(JSON.parse(text())).toMatchObject({ level: 'warn', message: 'slow upstream', keyName: 'backup', ms: 1200 });
});

it('honours the level: debug lines are dropped at info', () => {
  let text = '';
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => { text += chunk.toString(); done(); } });
  const logger = createWinstonLogger({ level: 'info', format: 'text', secrets: () => [], stream });
  logger.debug('hidden body');
  logger.info('visible');
  expect(text).toContain('visible');
  expect(text).not.toContain('hidden body');
  expect(logger.isLevelEnabled('debug')).toBe(false);
});

it('shows client text with line breaks or terminal escapes JSON-escaped, so no request can forge a log line', () => {
  const { logger, text } = capture('text');
  logger.info('POST /v1/chat/completions 404', { model: 'gpt-4o\n2026-11-24T10:00:00.000Z ERROR forged line \u001b[31mRED\u001b[0m' });
  const output = text();
  expect(output.trim().split('\n')).toHaveLength(1);
  expect(output).not.toContain('\u001b');
  expect(output).toContain('\\n2026-11-24');
});

it('logs an object that appears twice (not inside itself) twice, and keeps an error\'s code and cause', () => {
  const { logger, text } = capture('json');
  const shared = { region: 'us' };
  const error = Object.assign(new Error('outer'), { code: 'E_OUTER', cause: new Error(`inner ${configured}`) });
  logger.warn('twice', { first: shared, second: shared, error });
  const line = JSON.parse(text()) as { first: unknown; second: unknown; error: { code: string; cause: { message: string } } };
  expect(line.second).toEqual({ region: 'us' });
  expect(line.error.code).toBe('E_OUTER');
  expect(line.error.cause.message).toBe('inner [redacted]');
});
