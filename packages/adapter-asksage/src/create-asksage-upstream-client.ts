import { randomUUID } from 'node:crypto';
import axios, { AxiosHeaders } from 'axios';
import type { AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import type { AbortSignalLike, AskSageQuery, AskSageQueryResponse, UpstreamCallOptions, UpstreamClient } from '@asksage-proxy/core';
import { encodeMultipartQuery } from './encode-multipart-query';
import type { AskSageUpstreamSettings } from './asksage-upstream-settings';
import { createCallControl, createUpstreamAgents, mapTransportError } from '@asksage-proxy/asksage-transport';
import { openUpstreamStream } from './open-upstream-stream';
import { readUpstreamReply } from './read-upstream-reply';

/** The upstream port over HTTP(S), plus shutdown. */
export type AskSageUpstreamClient = UpstreamClient & {
  /** Destroys the connection pools (open sockets included). */
  close(): void;
};

/** Replies bigger than this are refused: a chat answer is kilobytes; this only guards memory. */
const maxReplyBytes = 64 * 1024 * 1024;

/**
 * `UpstreamClient` for a real AskSage tenant (or the simulator): POSTs `{server}/query` and `{server}/get-models`
 * with the key in `x-access-tokens`, over one shared keep-alive pool per scheme. Transport and error mapping
 * only: HTTP-200 error envelopes resolve as they are (core interprets them); non-2xx replies reject with core's
 * `createUpstreamHttpError`; network failures, timeouts and aborts reject with `ProxyError`s that never
 * contain the key.
 */
export function createAskSageUpstreamClient(settings: AskSageUpstreamSettings): AskSageUpstreamClient {
  const serverBaseUrl = settings.serverBaseUrl.replace(/\/+$/, '');
  const queryUrl = `${serverBaseUrl}/query`;
  const getModelsUrl = `${serverBaseUrl}/get-models`;
  const countMonthlyTokensUrl = `${serverBaseUrl}/count-monthly-tokens`;
  // AskSage's only embeddings API is on its OpenAI-compatible surface, which takes the key as a Bearer token.
  const embeddingsUrl = `${serverBaseUrl}/openai/v1/embeddings`;
  const connectTimeoutMs = settings.connectTimeoutMs ?? 10_000;
  const timeoutMs = settings.timeoutMs ?? 600_000;
  const agents = createUpstreamAgents({ caCertificate: settings.caCertificate, maxSockets: settings.maxSockets ?? Infinity });

  // The whole request config is merged with axios' defaults once, here, and every call goes straight to axios' own
  // Node http adapter. `axios.post` would redo per call what never changes: mergeConfig over ~30 default keys,
  // header normalisation, flattening, the request/response transform chains (identity here) and the interceptor
  // chain (none). Profiled under HTTPS load (issue 9), that per-call layer cost 90-140 µs of CPU per request
  // (12-18 %); the adapter keeps axios' transport semantics: agents, limits, AxiosError codes, aborts.
  const sendRequest = axios.getAdapter('http');
  const baseHeaders = { 'content-type': 'application/json', accept: 'application/json' };
  // axios' per-method default headers (`common`, `post`, …) are flattened by `axios.post`; these calls set their own.
  const { headers: _methodHeaders, ...axiosDefaults } = axios.defaults;
  const requestTemplate = axios.mergeConfig(axiosDefaults, {
    method: 'post',
    httpAgent: agents.http,
    httpsAgent: agents.https,
    // Statuses are mapped here, not thrown by axios; the body stays text so bad JSON is detected, not passed on.
    validateStatus: () => true,
    responseType: 'text',
    maxRedirects: 0,
    maxContentLength: maxReplyBytes,
    maxBodyLength: maxReplyBytes,
    // Environment proxies would route the key through whatever HTTP(S)_PROXY names, and axios cannot tunnel HTTPS.
    proxy: false,
  });

  function send(url: string, body: string | Buffer, extraHeaders: Record<string, string> | undefined, control: ReturnType<typeof createCallControl>): Promise<AxiosResponse<string>> {
    // A fresh headers object per call: the adapter adds User-Agent, Accept-Encoding and Content-Length to it.
    const headers = new AxiosHeaders(extraHeaders === undefined ? baseHeaders : { ...baseHeaders, ...extraHeaders });
    const config: InternalAxiosRequestConfig = { ...requestTemplate, url, data: body, headers, signal: control.signal, transport: control.transport };
    return sendRequest(config) as Promise<AxiosResponse<string>>;
  }

  /** A query as JSON text, or as multipart when it carries files (AskSage takes attachments only that way). */
  function encodeQuery(query: AskSageQuery, options: UpstreamCallOptions): { body: string | Buffer; contentType?: string } {
    if (options.files === undefined || options.files.length === 0) return { body: JSON.stringify(query) };
    return encodeMultipartQuery(query, options.files, `asksage-proxy-${randomUUID()}`);
  }

  /** How one POST differs from a JSON `/server` call: the key as Bearer (the OpenAI-compatible surface), or a multipart body. */
  interface PostStyle {
    bearer?: boolean;
    contentType?: string;
  }

  async function post(url: string, body: string | Buffer, apiKey: string | undefined, signal: AbortSignalLike | undefined, isFirstAttempt = true, style: PostStyle = {}): Promise<unknown> {
    const control = createCallControl({ callerSignal: signal, connectTimeoutMs, timeoutMs });
    try {
      const keyHeader: Record<string, string> | undefined = apiKey === undefined ? undefined : style.bearer === true ? { authorization: `Bearer ${apiKey}` } : { 'x-access-tokens': apiKey };
      const extraHeaders = style.contentType === undefined ? keyHeader : { ...keyHeader, 'content-type': style.contentType };
      const response = await send(url, body, extraHeaders, control);
      // The adapter hands back Node's own lower-cased header object.
      const retryAfter = response.headers['retry-after'] as string | undefined;
      // The OpenAI-compatible routes (Bearer) may be missing on a tenant whose API root is right: their 404 is explained by the caller.
      const origin = style.bearer === true ? undefined : { url, setting: 'asksage_server_base_url' };
      return readUpstreamReply(response.status, typeof response.data === 'string' ? response.data : String(response.data ?? ''), retryAfter, origin);
    } catch (error) {
      const mapped = mapTransportError(error, { ...control.context(), url });
      // The keep-alive race: the server dropped an idle pooled socket just as this call reused it, so the request
      // never reached AskSage. One immediate retry on a fresh socket (Node's documented remedy) spares the key a
      // failure mark and the caller a backoff.
      if (isFirstAttempt && mapped.code === 'upstream_unavailable' && mapped.isRetryable && control.failedOnReusedSocket()) {
        return post(url, body, apiKey, signal, false, style);
      }
      throw mapped;
    } finally {
      control.dispose();
    }
  }

  return {
    query: (query: AskSageQuery, options): Promise<AskSageQueryResponse> => {
      const encoded = encodeQuery(query, options);
      return post(queryUrl, encoded.body, options.apiKey, options.signal, true, encoded.contentType === undefined ? {} : { contentType: encoded.contentType }) as Promise<AskSageQueryResponse>;
    },
    streamQuery: (query: AskSageQuery, options) => {
      const encoded = encodeQuery(query, options);
      return openUpstreamStream({ agents, connectTimeoutMs, timeoutMs }, queryUrl, encoded.body, options.apiKey, options.signal, encoded.contentType);
    },
    embed: (request, options) => post(embeddingsUrl, JSON.stringify(request), options.apiKey, options.signal, true, { bearer: true }),
    getModels: (options) => post(getModelsUrl, '{}', options.apiKey, options.signal),
    // AskSage answers POST {} as it answers GET (recorded); one verb keeps one code path.
    countMonthlyTokens: (options) => post(countMonthlyTokensUrl, '{}', options.apiKey, options.signal),
    close(): void {
      agents.https.destroy();
      agents.http.destroy();
    },
  };
}
