/**
 * The key a client address counts under in per-IP rate limits. One IPv4 address is one key. An IPv6 address
 * counts under its /64: a single host or VPS is usually given a whole /64 and can rotate through 2^64
 * addresses, so limiting single IPv6 addresses would limit nothing. An IPv4-mapped IPv6 address
 * (`::ffff:192.0.2.1`, what a dual-stack socket reports for an IPv4 client) is the IPv4 address it maps.
 * Anything else (not an IP address at all) is its own key, unchanged.
 *
 * Pure string work (no node:net: the domain does no I/O); test/domain/rate-limit-address.test.ts checks it
 * against node:net's parser.
 */
export function rateLimitAddress(address: string): string {
  const ipv4 = parseIpv4(address);
  if (ipv4) return ipv4.join('.');
  const groups = parseIpv6(address);
  if (!groups) return address;
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const high = groups[6] ?? 0;
    const low = groups[7] ?? 0;
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

const DECIMAL_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/** Dotted-quad IPv4 with decimal octets and no leading zeros (as node:net accepts), else null. */
function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => DECIMAL_OCTET.test(part))) return null;
  return parts.map(Number);
}

/** The eight 16-bit groups of an IPv6 address (`::` shorthand, embedded IPv4, `%zone` ignored), else null. */
function parseIpv6(text: string): number[] | null {
  const zone = text.indexOf('%');
  const address = zone === -1 ? text : text.slice(0, zone);
  if (zone !== -1 && zone === text.length - 1) return null;
  if (!address.includes(':')) return null;
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parseHalf = (half: string, mayEndWithIpv4: boolean): number[] | null => {
    if (half === '') return [];
    const parts = half.split(':');
    const groups: number[] = [];
    for (const [index, part] of parts.entries()) {
      if (mayEndWithIpv4 && index === parts.length - 1 && part.includes('.')) {
        const ipv4 = parseIpv4(part);
        if (!ipv4) return null;
        groups.push(((ipv4[0] ?? 0) << 8) | (ipv4[1] ?? 0), ((ipv4[2] ?? 0) << 8) | (ipv4[3] ?? 0));
      } else if (HEXTET.test(part)) {
        groups.push(Number.parseInt(part, 16));
      } else {
        return null;
      }
    }
    return groups;
  };
  if (halves.length === 1) {
    const groups = parseHalf(address, true);
    return groups?.length === 8 ? groups : null;
  }
  const head = parseHalf(halves[0] ?? '', false);
  const tail = parseHalf(halves[1] ?? '', true);
  if (!head || !tail || head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}
