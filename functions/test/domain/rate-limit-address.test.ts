import { isIP, isIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateLimitAddress } from '../../src/domain/rate-limit-address';

const hextet = fc.integer({ min: 0, max: 0xffff });
const groups = fc.array(hextet, { minLength: 8, maxLength: 8 });
/** Full form with random case and leading zeros: `2001:0DB8:...`. */
const spelled = (values: number[], upper: boolean, padded: boolean) =>
  values
    .map((value) => {
      const hex = value.toString(16);
      const text = padded ? hex.padStart(4, '0') : hex;
      return upper ? text.toUpperCase() : text;
    })
    .join(':');
/** The `::` shorthand over the longest run of zero groups, as node and RFC 5952 write it. */
function compressed(values: number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && values[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = values.map((value) => value.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
const prefixOf = (values: number[]) =>
  `${values
    .slice(0, 4)
    .map((value) => value.toString(16))
    .join(':')}::/64`;

describe('the key a client address counts under in per-IP rate limits', () => {
  it('keeps IPv4 addresses as they are', () => {
    expect(rateLimitAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitAddress('0.0.0.0')).toBe('0.0.0.0');
  });

  it('keys an IPv6 address by its /64', () => {
    expect(rateLimitAddress('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitAddress('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(rateLimitAddress('2001:DB8:0001:0002:0:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(rateLimitAddress('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(rateLimitAddress('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(rateLimitAddress('2001:db8::192.0.2.1')).toBe('2001:db8:0:0::/64');
  });

  it('treats an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(rateLimitAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(rateLimitAddress('::FFFF:c000:0201')).toBe('192.0.2.1');
    expect(rateLimitAddress('0:0:0:0:0:ffff:192.0.2.1')).toBe('192.0.2.1');
  });

  it('leaves anything that is not an IP address unchanged', () => {
    for (const text of [
      '',
      'unknown',
      '1.2.3',
      '01.2.3.4',
      '256.1.1.1',
      ':::',
      '1::2::3',
      '12345::',
      'g::1',
    ]) {
      expect(isIP(text)).toBe(0);
      expect(rateLimitAddress(text)).toBe(text);
    }
  });

  it('gives every spelling of one /64 one key, and different /64s different keys (property)', () => {
    fc.assert(
      fc.property(
        groups,
        hextet,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (values, host, upper, padded, short) => {
          fc.pre(!(values.slice(0, 5).every((value) => value === 0) && values[5] === 0xffff));
          const text = short ? compressed(values) : spelled(values, upper, padded);
          expect(isIPv6(text)).toBe(true);
          const key = rateLimitAddress(text);
          expect(key).toBe(prefixOf(values));
          const sameNetwork = [...values.slice(0, 4), host, host, host, host];
          expect(rateLimitAddress(compressed(sameNetwork))).toBe(key);
          const otherNetwork = [...values];
          otherNetwork[3] = ((values[3] ?? 0) + 1) % 0x10000;
          expect(rateLimitAddress(spelled(otherNetwork, upper, padded))).not.toBe(key);
        },
      ),
    );
  });

  it('maps every IPv4-mapped spelling to the IPv4 address (property)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.boolean(), (ipv4, dotted) => {
        const octets = ipv4.split('.').map(Number);
        const [a = 0, b = 0, c = 0, d = 0] = octets;
        const text = dotted
          ? `::ffff:${ipv4}`
          : `::ffff:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
        expect(isIPv6(text)).toBe(true);
        expect(rateLimitAddress(text)).toBe(ipv4);
        expect(rateLimitAddress(ipv4)).toBe(ipv4);
      }),
    );
  });

  it('agrees with node:net on what is an IPv6 address (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.ipV6(), fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.%') })),
        (text) => {
          const key = rateLimitAddress(text);
          if (isIP(text) === 6) expect(key).toMatch(/::\/64$|^\d+\.\d+\.\d+\.\d+$/);
          else expect(key).toBe(text);
        },
      ),
    );
  });
});
