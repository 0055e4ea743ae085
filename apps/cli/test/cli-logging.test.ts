/**
 * The last line of defence: whatever code logs, a configured key (or anything shaped like an AskSage key) never
 * reaches the log output, in either format, at any level.
 */
import { Writable } from 'node:stream';
import { createWinstonLogger } from '../src/ports/create-winston-logger';

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
