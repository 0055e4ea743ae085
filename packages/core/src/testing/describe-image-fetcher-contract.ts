import type { ImageFetcher } from '../ports/image-fetcher';
import { assertContract, assertRejectsWith, describeValue } from './contract-assertions';
import type { ContractAbortController } from './describe-upstream-client-contract';
import { describeContractCases } from './describe-contract-cases';

/** One fresh implementation under test and the URLs it serves. Built per case. */
export interface ImageFetcherContractHarness {
  /** The implementation under test. */
  fetcher: ImageFetcher;
  /** Serves `imageBytes` (a PNG) with HTTP 200. */
  imageUrl: string;
  /** The bytes `imageUrl` serves. */
  imageBytes: Uint8Array;
  /** Answers HTTP 404. */
  missingUrl: string;
  /** A URL the fetcher's guard refuses (a cloud metadata address) without connecting anywhere. */
  refusedUrl: string;
  /** A real abort controller. */
  createAbortController(): ContractAbortController;
  /** Releases servers and sockets. */
  close(): Promise<void>;
}

/** Options of `describeImageFetcherContract`. */
export interface ImageFetcherContractOptions {
  /** Names the implementation in the test report. */
  name: string;
  /** Builds a fresh harness; called once per case. */
  createHarness: () => Promise<ImageFetcherContractHarness>;
  /** Case name -> why it cannot run against this implementation. */
  skip?: Partial<Record<string, string>>;
}

type ContractCase = (harness: ImageFetcherContractHarness) => Promise<void>;

const source = 'messages[0].content[1]';
const secretQuery = 'X-Amz-Signature=contract-secret-signature';
const withSecret = (url: string): string => `${url}${url.includes('?') ? '&' : '?'}${secretQuery}`;

/** A refusal must name the image and must not echo the URL's query (signed URLs carry credentials there). */
function assertNamesSourceOnly(error: { message: string; param: string | null }, situation: string): void {
  assertContract(error.message.includes(source), `${situation}: the message must name ${source}, got ${describeValue(error.message)}`);
  assertContract(error.param === source, `${situation}: param must be ${source}, got ${describeValue(error.param)}`);
  assertContract(!error.message.includes('contract-secret-signature'), `${situation}: the message echoes the URL's query: ${describeValue(error.message)}`);
}

const contractCases: Record<string, ContractCase> = {
  'fetch resolves the exact bytes served': async (harness) => {
    const fetched = await harness.fetcher.fetch({ url: harness.imageUrl, source, maxBytes: 1024 * 1024 });
    const same = fetched.bytes.length === harness.imageBytes.length && fetched.bytes.every((byte, index) => byte === harness.imageBytes[index]);
    assertContract(same, `expected the ${harness.imageBytes.length} bytes served, got ${fetched.bytes.length} different bytes`);
  },
  'a body over maxBytes rejects payload_too_large naming the image': async (harness) => {
    const error = await assertRejectsWith(harness.fetcher.fetch({ url: withSecret(harness.imageUrl), source, maxBytes: 16 }), 'payload_too_large', 'an image over maxBytes');
    assertNamesSourceOnly(error, 'an image over maxBytes');
  },
  'a document fetch (kind document) names the document and max_document_bytes in its refusals': async (harness) => {
    const error = await assertRejectsWith(harness.fetcher.fetch({ url: withSecret(harness.imageUrl), source, maxBytes: 16, kind: 'document' }), 'payload_too_large', 'a document over maxBytes');
    assertNamesSourceOnly(error, 'a document over maxBytes');
    assertContract(error.message.includes('document URL') && error.message.includes('max_document_bytes'), `a document refusal must say "document URL" and max_document_bytes, got ${describeValue(error.message)}`);
  },
  'an HTTP 404 rejects invalid_request naming the image': async (harness) => {
    const error = await assertRejectsWith(harness.fetcher.fetch({ url: withSecret(harness.missingUrl), source, maxBytes: 1024 }), 'invalid_request', 'a 404');
    assertNamesSourceOnly(error, 'a 404');
  },
  'a URL the guard refuses rejects invalid_request naming the image': async (harness) => {
    const error = await assertRejectsWith(harness.fetcher.fetch({ url: withSecret(harness.refusedUrl), source, maxBytes: 1024 }), 'invalid_request', 'a refused address');
    assertNamesSourceOnly(error, 'a refused address');
  },
  'a non-http(s) scheme rejects invalid_request': async (harness) => {
    const error = await assertRejectsWith(harness.fetcher.fetch({ url: 'file:///etc/passwd', source, maxBytes: 1024 }), 'invalid_request', 'a file: URL');
    assertNamesSourceOnly(error, 'a file: URL');
  },
  'an already-aborted signal rejects request_aborted': async (harness) => {
    const controller = harness.createAbortController();
    controller.abort();
    await assertRejectsWith(harness.fetcher.fetch({ url: harness.imageUrl, source, maxBytes: 1024 * 1024, signal: controller.signal }), 'request_aborted', 'an aborted fetch');
  },
};

/** Every case name, for `skip` maps. */
export const imageFetcherContractCaseNames: readonly string[] = Object.keys(contractCases);

/**
 * The shared contract suite of the `ImageFetcher` port: run it against the in-memory fake and the real Node adapter.
 * A skipped case must say why.
 */
export function describeImageFetcherContract(options: ImageFetcherContractOptions): void {
  describeContractCases('describeImageFetcherContract', 'ImageFetcher', contractCases, options);
}
