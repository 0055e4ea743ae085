import { decodeBase64 } from '../images/decode-base64';
import { describeImageFetcherContract } from './describe-image-fetcher-contract';
import { createFakeImageFetcher } from './fake-image-fetcher';

const png = decodeBase64('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==') as Uint8Array;

describeImageFetcherContract({
  name: 'in-memory fake',
  createHarness: async () => {
    const imageUrl = 'https://images.example.org/cat.png';
    // The secret-query variants the suite sends are served too, as a real server would ignore the query.
    const routes = { [imageUrl]: { bytes: png }, [`${imageUrl}?X-Amz-Signature=contract-secret-signature`]: { bytes: png } };
    return {
      fetcher: createFakeImageFetcher({ routes }),
      imageUrl,
      imageBytes: png,
      missingUrl: 'https://images.example.org/missing.png',
      refusedUrl: 'http://169.254.169.254/latest/meta-data/',
      createAbortController: () => new AbortController(),
      close: async () => undefined,
    };
  },
});
