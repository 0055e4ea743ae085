import { createCliLogger } from './create-cli-logger';
import { createMemoryIo } from './testing/create-memory-io';

describe('createCliLogger', () => {
  it('redacts the secrets a reload adds, whole and in pieces, as well as the first ones', () => {
    const io = createMemoryIo({ home: '/nonexistent' });
    const logger = createCliLogger({ io, verbose: false, logFormat: 'json', secrets: ['initial-proxy-key!1'] });
    logger.info('before reload: initial-proxy-key!1');
    logger.addSecrets(['reloaded-proxy-key!2', 'a-reloaded-asksage-key-that-is-long-enough-to-be-cut-into-pieces']);
    logger.info('after reload: reloaded-proxy-key!2 and initial-proxy-key!1', { quoted: 'a-reloaded-asksage-key-that-is-long' });
    logger.close();
    const text = io.stderrText();
    expect(text).toContain('before reload: [redacted]');
    expect(text).toContain('after reload: [redacted] and [redacted]');
    expect(text).not.toContain('reloaded-proxy-key!2');
    expect(text).not.toContain('a-reloaded-asksage-key-that-is-long');
  });
});
