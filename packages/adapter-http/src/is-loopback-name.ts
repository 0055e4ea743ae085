/**
 * True for host names and addresses that can only mean this machine: localhost (and `*.localhost`), 127.0.0.0/8,
 * ::1 (short or long form) and IPv4-mapped 127.x. Used for the Host guard here and by the CLI to decide whether a
 * bind address is exposed.
 */
export function isLoopbackName(hostname: string): boolean {
  const bare = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const ipv4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return (
    bare === 'localhost' ||
    bare.endsWith('.localhost') ||
    bare === '::1' ||
    bare === '0:0:0:0:0:0:0:1' ||
    /^127(\.\d{1,3}){3}$/.test(ipv4)
  );
}
