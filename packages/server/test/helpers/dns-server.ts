// A real DNS server on a loopback UDP port (dns2), answering TXT queries from a table the test
// fills in, and counting the queries it receives. Names it has no record for get NXDOMAIN.
import dgram from 'node:dgram';
import dns2 from 'dns2';

const { Packet } = dns2;
const NXDOMAIN = 3;

export interface TestDnsServer {
  /** host:port, the form GATEHOUSE_DNS_SERVERS takes. */
  address: string;
  /** Lower-case name → TXT records, each record a list of its character-strings. */
  txt: Map<string, string[][]>;
  /** Every TXT question asked, lower-cased, in order. */
  queries: string[];
  close(): Promise<void>;
}

export async function startDnsServer(): Promise<TestDnsServer> {
  const txt = new Map<string, string[][]>();
  const queries: string[] = [];
  const server = dns2.createUDPServer((request, send) => {
    const response = Packet.createResponseFromRequest(request);
    for (const question of request.questions) {
      const name = question.name.toLowerCase();
      if (question.type !== Packet.TYPE.TXT) continue;
      queries.push(name);
      const records = txt.get(name);
      if (!records) response.header.rcode = NXDOMAIN;
      for (const data of records ?? []) {
        response.answers.push({
          name: question.name,
          type: Packet.TYPE.TXT,
          class: Packet.CLASS.IN,
          ttl: 1,
          data,
        } as never);
      }
    }
    void send(response);
  });
  await server.listen(0, '127.0.0.1');
  const { port } = server.address();
  return {
    address: `127.0.0.1:${port}`,
    txt,
    queries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** host:port of a loopback UDP port where nothing listens: a resolver that never answers. */
export async function deadDnsAddress(): Promise<string> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return `127.0.0.1:${port}`;
}
