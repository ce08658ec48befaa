// The source a request comes from, as failed-authentication limits and the audit log count it.
// Never trusts a forwarded header (any client can send one); IPv6 counts per /64, the block one host usually holds.
import { isIPv6 } from 'node:net';

/** `203.0.113.9`, `2001:db8:1:2::/64`, or `unknown` when the socket has no address (it closed). */
export function sourceOf(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined || remoteAddress === '') return 'unknown';
  // A socket's address is an IP address: without a colon it is IPv4 (checked first: it is every refused request).
  if (!remoteAddress.includes(':')) return remoteAddress;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  if (mapped) return mapped[1] as string;
  if (!isIPv6(remoteAddress)) return remoteAddress;
  return `${expand(remoteAddress).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros. */
function expand(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const middle = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => g.replace(/^0+(?=.)/, '').toLowerCase());
}
