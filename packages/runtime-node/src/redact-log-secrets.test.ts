import { Writable } from 'node:stream';
import { redactSecrets } from '@asksage-proxy/core';
import { createWinstonLogger } from './create-winston-logger';

const key = 'Zq7x9Lm2Pp4Rt6Vw8Yb1Nc3Md5Kf7Hg9Jj2Ll4Ss6Uu8Ww0Xx2Zz4Aa6Bb8Cc0Dd2';

function logMessage(message: string): string {
  let text = '';
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => { text += chunk.toString(); done(); } });
  const logger = createWinstonLogger({ level: 'info', format: 'json', secrets: () => [key], stream });
  logger.info(message);
  return (JSON.parse(text) as { message: string }).message;
}

describe('redactLogSecrets', () => {
  it.each([
    ['the whole key', `rejected ${key}`],
    ['a quoted half of the key', `bad key prefix ${key.slice(0, 30)}...`],
    ['an unknown 32-character token', `upstream echoed ${'a1'.repeat(16)}`],
    ['a JWT', 'token eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
  ])('hides %s in a log line exactly as core redacts text sent to a client', (_, message) => {
    const logged = logMessage(message);
    expect(logged).toContain('[redacted]');
    expect(logged).toBe(redactSecrets(message, [key]));
  });
});
