import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { Logger } from '@kronicle/service-kit';
import type { DnsAnswer } from './cluster-dns';

const RCODES = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

/** Turns one query into its response bytes; a malformed query gets nothing (as most servers do). */
export function respond(query: Buffer, resolve: (name: string, type: string) => DnsAnswer): Buffer | undefined {
  let request: dnsPacket.Packet;
  try {
    request = dnsPacket.decode(query);
  } catch {
    return undefined;
  }
  const question = request.questions?.[0];
  const result: DnsAnswer = question ? resolve(question.name, question.type) : { rcode: 'REFUSED', answers: [], additionals: [], authorities: [] };
  const recursionDesired = (request.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
  return dnsPacket.encode({
    type: 'response',
    id: request.id,
    flags: dnsPacket.AUTHORITATIVE_ANSWER | recursionDesired | RCODES[result.rcode],
    questions: request.questions,
    answers: result.answers,
    authorities: result.authorities,
    additionals: result.additionals,
  });
}

export interface DnsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * DNS over UDP and TCP on one port (TCP frames each message with a two-byte length, RFC 1035
 * 4.2.2). dns-packet does the wire format; node:dgram and node:net the transport.
 */
export async function startDnsServer(options: { host: string; port: number; resolve: (name: string, type: string) => DnsAnswer; logger: Logger }): Promise<DnsServer> {
  const { host, resolve, logger } = options;
  const udp: Socket = createSocket('udp4');
  udp.on('message', (message, remote) => {
    const response = respond(message, resolve);
    if (response) udp.send(response, remote.port, remote.address);
  });
  udp.on('error', (err) => logger.warn({ err }, 'dns udp error'));
  await new Promise<void>((ok, fail) => udp.once('error', fail).bind(options.port, host, () => ok()));
  const port = udp.address().port;

  const tcp: Server = createServer((socket) => {
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const response = respond(buffered.subarray(2, 2 + length), resolve);
        buffered = buffered.subarray(2 + length);
        if (!response) return void socket.destroy();
        const framed = Buffer.alloc(2 + response.length);
        framed.writeUInt16BE(response.length, 0);
        response.copy(framed, 2);
        socket.write(framed);
      }
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((ok, fail) => tcp.once('error', fail).listen(port, host, () => ok()));
  return {
    port,
    close: async () => {
      await new Promise<void>((ok) => udp.close(() => ok()));
      await new Promise<void>((ok) => tcp.close(() => ok()));
    },
  };
}
