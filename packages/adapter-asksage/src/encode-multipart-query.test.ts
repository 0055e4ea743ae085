import { createHash } from 'node:crypto';
import type { AskSageQuery } from '@asksage-proxy/core';
import { startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import { createAskSageUpstreamClient } from './create-asksage-upstream-client';
import { encodeMultipartQuery } from './encode-multipart-query';

const apiKey = 'multipart-test-key-'.padEnd(64, 'm');
const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 0xff, 0x0d, 0x0a, 0x2d, 0x2d]);

const query: AskSageQuery = {
  message: [
    { user: 'me', message: 'Line one\r\n--not a boundary\n"quoted" ünïcode' },
    { user: 'gpt', message: 'ok' },
  ],
  model: 'gpt-4o-mini',
  system_prompt: 'Be terse.',
  dataset: 'none',
  limit_references: 0,
  live: 0,
  temperature: 0.5,
  usage: true,
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
  tool_choice: 'auto',
};

describe('multipart queries', () => {
  it('reach the simulator with every field typed as in the JSON body, and the file byte for byte', async () => {
    const simulator = await startAskSageSimulator({ keys: [{ key: apiKey }] });
    const client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl });
    try {
      await client.query(query, { apiKey, files: [{ name: 'image-1.png', mediaType: 'image/png', bytes }] });
      const [recorded] = simulator.requests().filter((request) => request.path === '/server/query');
      expect(recorded?.bodyType).toBe('multipart');
      expect(recorded?.body).toEqual(query);
      expect(recorded?.files).toEqual([{ field: 'file', filename: 'image-1.png', mimeType: 'image/png', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }]);
    } finally {
      client.close();
      await simulator.close();
    }
  });

  it('keeps a header-breaking filename from ending the part header early', () => {
    const { body, contentType } = encodeMultipartQuery(query, [{ name: 'evil"\r\nx-injected: 1.png', mediaType: 'image/png', bytes }], 'b0undary');
    expect(contentType).toBe('multipart/form-data; boundary=b0undary');
    expect(body.toString('latin1')).not.toContain('\r\nx-injected');
  });
});
