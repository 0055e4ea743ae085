import type { KeyStatus } from '../key-pool/key-status';

/** What an operator should do about an invalid key (`/health`'s `action`), and when the proxy rechecks it by itself. */
export function invalidKeyAction(status: Pick<KeyStatus, 'recheckAt'>): string {
  const fix = 'AskSage rejected this key: fix it in the config (asksage-proxy --edit), then restart or reload.';
  if (status.recheckAt === undefined) return fix;
  return `${fix} Rechecking at ${new Date(status.recheckAt).toISOString()} with a free call; if AskSage accepts it again, it comes back by itself.`;
}
