import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { checkImageAddress } from './check-image-address';
import type { HostResolver, ResolvedAddress } from './image-fetch-settings';

/** The system resolver: every address of the name, in the resolver's order. */
export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

/** The address to connect to, or why there is none. */
export type CheckedAddress = { ok: true; address: ResolvedAddress } | { ok: false; why: string };

/**
 * Resolves `hostname` once and checks every address it has: a name with one internal address among public ones is
 * refused (round-robin DNS cannot be used to slip one through). The caller connects to the returned address itself,
 * so a second lookup cannot answer differently (DNS rebinding between check and connect).
 */
export async function resolveCheckedAddress(hostname: string, allowPrivate: boolean, resolve: HostResolver): Promise<CheckedAddress> {
  const literal = hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  if (isIP(literal) !== 0) {
    addresses = [{ address: literal, family: isIP(literal) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(literal);
    } catch {
      return { ok: false, why: 'names a host that could not be resolved.' };
    }
    if (addresses.length === 0) return { ok: false, why: 'names a host that could not be resolved.' };
  }
  for (const candidate of addresses) {
    const verdict = checkImageAddress(candidate.address, allowPrivate);
    if (!verdict.allowed) {
      // The class, not the address: an error must not map the internal network for whoever sends URLs.
      const lifted = verdict.addressClass === 'cloud metadata' ? '' : ' (allow_private_image_urls: true lifts this for trusted networks)';
      return { ok: false, why: `was refused: its host is ${verdict.addressClass === 'unspecified' ? 'an' : 'a'} ${verdict.addressClass} address, and the proxy fetches images only from public addresses${lifted}.` };
    }
  }
  return { ok: true, address: addresses[0] as ResolvedAddress };
}
