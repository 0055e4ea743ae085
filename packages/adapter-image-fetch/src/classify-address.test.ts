import { checkImageAddress } from './check-image-address';
import { classifyAddress } from './classify-address';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['172.32.0.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.170.2', 'cloud metadata'],
    ['100.100.100.200', 'cloud metadata'],
    ['168.63.129.16', 'cloud metadata'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['FD00:EC2:0:0:0:0:0:254', 'cloud metadata'],
    ['fd00:0ec2::0254', 'cloud metadata'],
    // IPv6 forms that carry an IPv4 address are judged by it.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:101::1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['not-an-address', 'invalid'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('checkImageAddress', () => {
  it('lets only public addresses through by default', () => {
    expect(checkImageAddress('8.8.8.8', false)).toEqual({ allowed: true });
    expect(checkImageAddress('127.0.0.1', false)).toEqual({ allowed: false, addressClass: 'loopback' });
    expect(checkImageAddress('10.0.0.1', false)).toEqual({ allowed: false, addressClass: 'private' });
  });

  it('with allowPrivate lets internal classes through but never a cloud metadata endpoint', () => {
    expect(checkImageAddress('127.0.0.1', true)).toEqual({ allowed: true });
    expect(checkImageAddress('fc00::1', true)).toEqual({ allowed: true });
    expect(checkImageAddress('169.254.169.254', true)).toEqual({ allowed: false, addressClass: 'cloud metadata' });
    expect(checkImageAddress('fd00:ec2::254', true)).toEqual({ allowed: false, addressClass: 'cloud metadata' });
  });
});
