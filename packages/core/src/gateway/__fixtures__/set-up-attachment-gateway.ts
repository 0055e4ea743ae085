import { createModelCatalog } from '../../catalog/index';
import { createKeyPool } from '../../key-pool/create-key-pool';
import type { ImageFetcher } from '../../ports/image-fetcher';
import { createFakeImageFetcher, createFakeUpstreamClient, createInstantClock, createRecordingLogger, createSeededRandom, createSequenceIds } from '../../testing/index';
import type { FakeImageRoute } from '../../testing/index';
import { createGateway } from '../create-gateway';
import type { GatewayOptions } from '../gateway-dependencies';

/** The one key of the attachment tests; its secret must never reach an error. */
export const attachmentTestKey = `key_1-SECRET-${'s'.repeat(52)}`;

/**
 * A gateway with one key, `gpt-4o`, an in-memory AskSage and a fake fetcher serving `routes`: what the image and
 * document tests share. `fetcher: null` wires none; another `fetcher` replaces the fake.
 */
export function setUpAttachmentGateway(options: { routes?: Record<string, FakeImageRoute>; fetcher?: ImageFetcher | null; service?: GatewayOptions; nativeStreaming?: 'auto' | 'off' } = {}) {
  const clock = createInstantClock(Date.UTC(2026, 0, 1));
  const upstream = createFakeUpstreamClient();
  const fakeFetcher = createFakeImageFetcher({ routes: options.routes ?? {} });
  const keyPool = createKeyPool({ keys: [{ name: 'key_1', key: attachmentTestKey, weight: 1 }], clock });
  const gateway = createGateway({
    upstream,
    keyPool,
    catalog: createModelCatalog([{ id: 'gpt-4o', type: 'chat' }], { defaultCreated: 1 }),
    clock,
    random: createSeededRandom(1),
    ids: createSequenceIds(),
    logger: createRecordingLogger().logger,
    ...(options.fetcher === null ? {} : { imageFetcher: options.fetcher ?? fakeFetcher }),
    options: { ...options.service, nativeStreaming: options.nativeStreaming ?? 'auto' },
  });
  return { gateway, upstream, fakeFetcher, fetcher: fakeFetcher, keyPool };
}
