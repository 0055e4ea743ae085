/** True for the wildcard addresses (0.0.0.0, ::), which mean "every interface" and which no client can dial. */
export function isAllInterfacesHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/**
 * The URL a client on this machine should use to reach a server bound to `host:port`. A server bound to 0.0.0.0
 * (or ::) listens on every interface, but `http://0.0.0.0:PORT/v1` is not a base URL to give an SDK: loopback
 * always reaches it. IPv6 literals get their brackets.
 */
export function formatClientUrl(host: string, port: number): string {
  if (host === '0.0.0.0') return `http://127.0.0.1:${port}`;
  if (host === '::' || host === '[::]') return `http://[::1]:${port}`;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}
