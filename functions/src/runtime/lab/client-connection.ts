import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** Who is calling and how, as far as this server can trust it. */
export interface ClientConnection {
  sourceIp: string;
  /** The scheme the viewer used: decides HSTS and the refresh cookie's Secure flag. */
  protocol: 'http' | 'https';
  port: string;
  /** The X-Forwarded-For the handlers see: the trusted chain plus the peer, like API Gateway appends. */
  forwardedFor: string;
}

const headerValues = (request: IncomingMessage, name: string): string[] => {
  const value = request.headers[name];
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
};

const withoutIpv4Mapping = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/**
 * Without TRUST_PROXY the socket is the truth and forwarding headers are ignored (a client could forge
 * them). With it, exactly one proxy hop is trusted: the entry it appended last to X-Forwarded-For is
 * the client, and its X-Forwarded-Proto/-Port say how the viewer connected. Entries further left were
 * written by the client itself and are never used as its address.
 */
export function describeClient(request: IncomingMessage, trustProxy: boolean): ClientConnection {
  const socket = request.socket;
  const peer = withoutIpv4Mapping(socket.remoteAddress ?? '');
  const direct: ClientConnection = {
    sourceIp: peer,
    protocol: 'encrypted' in socket && socket.encrypted === true ? 'https' : 'http',
    port: String(socket.localPort ?? ''),
    forwardedFor: peer,
  };
  if (!trustProxy) return direct;

  const chain = headerValues(request, 'x-forwarded-for').map(withoutIpv4Mapping);
  const client = chain.at(-1);
  const proto = headerValues(request, 'x-forwarded-proto').at(-1)?.toLowerCase();
  const port = headerValues(request, 'x-forwarded-port').at(-1);
  const protocol = proto === 'https' || proto === 'http' ? proto : direct.protocol;
  return {
    sourceIp: client !== undefined && isIP(client) !== 0 ? client : peer,
    protocol,
    port: port !== undefined && /^\d{1,5}$/.test(port) ? port : protocol === 'https' ? '443' : '80',
    forwardedFor: [...chain, peer].join(', '),
  };
}
