import { BlockList, isIP } from 'node:net';

/** What kind of network an IP address belongs to, for the request-forgery guard. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'carrier-grade NAT'
  | 'unique-local'
  | 'multicast'
  | 'unspecified'
  | 'reserved'
  | 'cloud metadata'
  | 'invalid';

// Instance-metadata endpoints of the big clouds: a fetch there hands out credentials. AWS/GCP/Azure/OpenStack
// 169.254.169.254 (and AWS's IPv6 fd00:ec2::254), ECS task metadata 169.254.170.2, Alibaba 100.100.100.200,
// Azure's wire server 168.63.129.16 (a public address, so the ranges below would not catch it).
const metadata = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', '168.63.129.16', 'fd00:ec2::254']);

const awsIpv6Metadata = [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254].join(',');

const ranges: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6', AddressClass]> = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.0.2.0', 24, 'ipv4', 'reserved'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'reserved'],
  ['198.51.100.0', 24, 'ipv4', 'reserved'],
  ['203.0.113.0', 24, 'ipv4', 'reserved'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['100::', 64, 'ipv6', 'reserved'],
  ['2001:db8::', 32, 'ipv6', 'reserved'],
  ['fc00::', 7, 'ipv6', 'unique-local'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'private'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const lists = ranges.map(([network, prefix, family, label]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, family, label };
});

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 included); undefined when malformed. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1] !== undefined) {
    const bytes = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${(((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0)).toString(16)}:${(((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) => parseInt(group, 16));
}

/** The IPv4 address an IPv6 one carries (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), if any. */
function embeddedIpv4(address: string): string | undefined {
  const groups = ipv6Groups(address);
  if (groups === undefined) return undefined;
  const v4 = (high: number, low: number): string => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = groups;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && (f === 0xffff || f === 0) && (g !== 0 || h > 1)) return v4(g, h);
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return v4(g, h);
  if (a === 0x2002) return v4(b, c);
  return undefined;
}

/**
 * The class of an IP address: loopback, private (RFC 1918, site-local), link-local, carrier-grade NAT, unique-local
 * IPv6, multicast, unspecified, reserved (documentation, benchmarking, future use) or a cloud metadata endpoint.
 * IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged by that address: `::ffff:127.0.0.1` is
 * loopback.
 */
export function classifyAddress(address: string): AddressClass {
  const family = isIP(address);
  if (family === 0) return 'invalid';
  if (metadata.has(address.toLowerCase())) return 'cloud metadata';
  if (family === 6) {
    const inner = embeddedIpv4(address);
    if (inner !== undefined) return classifyAddress(inner);
    // Any spelling of AWS's IPv6 metadata address (fd00:ec2:0::254, leading zeros, …).
    if (ipv6Groups(address)?.join(',') === awsIpv6Metadata) return 'cloud metadata';
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return lists.find(({ list, family: listFamily }) => listFamily === type && list.check(address, type))?.label ?? 'public';
}
