/**
 * Why listening on `host:port` failed, with the fix: a taken port and a host that is not this machine's need
 * different advice (telling someone with a typo in `host` to "choose another port" sends them the wrong way).
 */
export function describeListenFailure(host: string, port: number, error: NodeJS.ErrnoException): string {
  const where = `cannot listen on ${host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `${where}: the port is already in use. Choose another with --port or "port:" in the config.`;
    case 'EACCES':
      return `${where}: permission denied (ports below 1024 need privileges). Choose another with --port or "port:" in the config.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EADDRNOTAVAIL':
      return `${where}: the host "${host}" is not an address of this machine. Fix --host or "host:" in the config (127.0.0.1 for this machine only, 0.0.0.0 for every interface).`;
    default:
      return `${where}: ${error.message}`;
  }
}
