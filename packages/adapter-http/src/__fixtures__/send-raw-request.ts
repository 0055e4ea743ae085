import { request } from 'node:http';
import type { Agent, OutgoingHttpHeaders } from 'node:http';

/** A response read to the end. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Sends exact bytes (no client-side Content-Type defaults), optionally over a shared keep-alive agent. */
export function sendRawRequest(
  port: number,
  options: { method?: string; path: string; headers?: OutgoingHttpHeaders; body?: Uint8Array | string; agent?: Agent },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers: options.headers, agent: options.agent },
      (incoming) => {
        const parts: Buffer[] = [];
        incoming.on('data', (part: Buffer) => parts.push(part));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text: Buffer.concat(parts).toString('utf8') }));
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}
