import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import type tls from 'node:tls';
import { createTenantSecureContext } from '@asksage-proxy/asksage-transport';
import { attachmentRules, ProxyError } from '@asksage-proxy/core';
import type { FetchedImage, ImageFetcher, ImageFetchRequest } from '@asksage-proxy/core';
import { createImageFetchError } from './create-image-fetch-error';
import { describeConnectionFailure } from './describe-connection-failure';
import type { NodeImageFetcherSettings, ResolvedAddress } from './image-fetch-settings';
import { resolveCheckedAddress, systemResolver } from './resolve-checked-address';

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
/** Enough bytes to tell PNG, JPEG, GIF and WebP apart (WebP needs twelve). */
const sniffBytes = 12;

/** Connects to the address the guard checked, whatever a second lookup of the name would say now. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options.all === true) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as LookupFunction;
}

/** Why a download stopped early, set by whoever stopped it. */
/** The `accept` header per kind: what the proxy will take. */
const accept = { image: 'image/png, image/jpeg, image/gif, image/webp', document: 'application/pdf' } as const;

type StopReason = 'timeout' | 'aborted' | 'too-large' | 'not-an-image';

/**
 * `ImageFetcher` over Node http(s): only `http:` and `https:`; the host name resolved once and every address checked
 * against the request-forgery guard (loopback, private, link-local, CGNAT, unique-local, multicast, reserved and
 * cloud metadata refused unless `allowPrivateAddresses`; metadata always); the connection made to the checked
 * address (no DNS rebinding between check and connect; TLS still verifies the name); every redirect hop checked the
 * same way; one timeout for the whole download; the body streamed and cut as soon as it passes `maxBytes` or its
 * first bytes are not PNG, JPEG, GIF or WebP. No environment proxies, no cookies, no pooled sockets.
 */
export function createNodeImageFetcher(settings: NodeImageFetcherSettings = {}): ImageFetcher {
  // Parsed once, not per download: the public roots plus the bundle, as for AskSage itself.
  const secureContext = settings.caCertificate === undefined ? undefined : createTenantSecureContext(settings.caCertificate);
  const allowPrivate = settings.allowPrivateAddresses ?? false;
  const timeoutMs = settings.timeoutMs ?? 15_000;
  const maxRedirects = settings.maxRedirects ?? 3;
  const resolve = settings.resolve ?? systemResolver;

  async function fetch(request: ImageFetchRequest): Promise<FetchedImage> {
    const { source, maxBytes } = request;
    const rules = attachmentRules[request.kind ?? 'image'];
    const refuse = (why: string, code: 'invalid_request' | 'unsupported_content' | 'payload_too_large' = 'invalid_request', cause?: unknown): ProxyError =>
      createImageFetchError(code, source, request.url, why, cause, rules.noun);
    const stop = new AbortController();
    let stopReason: StopReason | undefined;
    const halt = (reason: StopReason): void => {
      stopReason ??= reason;
      stop.abort();
    };
    const onCallerAbort = (): void => halt('aborted');
    if (request.signal?.aborted === true) throw new ProxyError('request_aborted', 'The request was cancelled while an image was being fetched.');
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const timer = setTimeout(() => halt('timeout'), timeoutMs);
    const failure = (error: unknown): ProxyError => {
      if (stopReason === 'aborted') return new ProxyError('request_aborted', 'The request was cancelled while an image was being fetched.');
      if (stopReason === 'timeout') return refuse(`could not be fetched within ${Math.round(timeoutMs / 1000)} s.`);
      if (error instanceof ProxyError) return error;
      return refuse(describeConnectionFailure(error), 'invalid_request', error);
    };

    try {
      let current = request.url;
      for (let hop = 0; ; hop += 1) {
        const via = hop === 0 ? '' : ` (after ${hop} redirect${hop === 1 ? '' : 's'})`;
        let url: URL;
        try {
          url = new URL(current);
        } catch {
          throw refuse(hop === 0 ? 'is not a valid URL.' : `redirected to an invalid URL${via}.`);
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:') {
          throw refuse(hop === 0 ? 'has an unsupported scheme; only http and https are fetched.' : `redirected to a non-http(s) URL${via}; refused.`);
        }
        // A hung name lookup must not outlive the timeout or the client.
        const stopped = new Promise<never>((_resolve, reject) => {
          if (stop.signal.aborted) reject(new Error('stopped'));
          stop.signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true });
        });
        stopped.catch(() => undefined);
        const checked = await Promise.race([resolveCheckedAddress(url.hostname, allowPrivate, resolve), stopped]);
        if (stopReason !== undefined) throw failure(undefined);
        if (!checked.ok) throw refuse(hop === 0 ? checked.why : `was redirected${via} to a host that ${checked.why.replace(/^was refused: its host is/, 'is')}`);
        const response = await open(url, checked.address, stop.signal, secureContext, accept[rules.noun]);
        const status = response.statusCode ?? 0;
        if (redirectStatuses.has(status) && response.headers.location !== undefined) {
          response.resume();
          if (hop >= maxRedirects) throw refuse(`redirected more than ${maxRedirects} times; refused.`);
          current = new URL(response.headers.location, url).href;
          continue;
        }
        if (status < 200 || status > 299) {
          response.resume();
          throw refuse(`could not be fetched: the server answered HTTP ${status}.`);
        }
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          response.destroy();
          throw refuse(`is larger than the proxy's limit of ${maxBytes} bytes (${rules.limitSetting}).`, 'payload_too_large');
        }
        const bytes = await readCapped(response, maxBytes, halt, rules.detect);
        const contentType = response.headers['content-type'];
        return { bytes, ...(contentType === undefined ? {} : { declaredMediaType: contentType }) };
      }
    } catch (error) {
      if (stopReason === 'too-large') throw refuse(`is larger than the proxy's limit of ${maxBytes} bytes (${rules.limitSetting}).`, 'payload_too_large');
      if (stopReason === 'not-an-image') throw refuse(`is not ${rules.formats} (checked by its first bytes).`, 'unsupported_content');
      throw failure(error);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
      stop.abort();
    }
  }

  return { fetch };
}

/** One GET to `url`, connected to `address`; resolves with the response head. */
function open(url: URL, address: ResolvedAddress, signal: AbortSignal, secureContext: tls.SecureContext | undefined, acceptHeader: string): Promise<http.IncomingMessage> {
  return new Promise((resolvePromise, reject) => {
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request({
      protocol: url.protocol,
      hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { accept: acceptHeader, 'user-agent': 'asksage-proxy' },
      lookup: pinnedLookup(address),
      agent: false,
      ...(url.protocol === 'https:' && isIP(hostname) === 0 ? { servername: hostname } : {}),
      ...(url.protocol === 'https:' && secureContext !== undefined ? { secureContext } : {}),
      signal,
    });
    request.on('response', resolvePromise);
    request.on('error', reject);
    request.end();
  });
}

/** The body, refused (`halt`) as soon as it passes `maxBytes` or its first bytes are no format the kind accepts. */
function readCapped(response: http.IncomingMessage, maxBytes: number, halt: (reason: StopReason) => void, detect: (bytes: Uint8Array) => unknown): Promise<Uint8Array> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let sniffed = false;
    const sniff = (): boolean => {
      const head = Buffer.concat(chunks).subarray(0, sniffBytes);
      sniffed = true;
      if (detect(head) !== undefined) return true;
      halt('not-an-image');
      response.destroy();
      reject(new Error('not an image'));
      return false;
    };
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        halt('too-large');
        response.destroy();
        reject(new Error('too large'));
        return;
      }
      chunks.push(chunk);
      if (!sniffed && size >= sniffBytes) sniff();
    });
    response.on('end', () => {
      if (!sniffed && !sniff()) return;
      resolvePromise(new Uint8Array(Buffer.concat(chunks)));
    });
    response.on('error', reject);
    response.on('aborted', () => reject(new Error('aborted')));
  });
}
