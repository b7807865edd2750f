// GATEHOUSE_DNS_SERVERS: the resolvers domain verification asks, as node:dns accepts them (an IP
// address with an optional port: 192.0.2.1, 192.0.2.1:5353, 2001:db8::1, [2001:db8::1]:5353).
// Empty means the system's resolvers. Host names are refused: resolving the resolver would need DNS.
import net from 'node:net';

export function parseDnsServers(raw: string | undefined, problems: string[]): string[] {
  if (raw === undefined) return [];
  const servers = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const server of servers) {
    if (!isServerAddress(server)) {
      problems.push(
        `GATEHOUSE_DNS_SERVERS: ${JSON.stringify(server)} is not an IP address with an optional port (192.0.2.1:53, [2001:db8::1]:53)`,
      );
    }
  }
  return servers;
}

function isServerAddress(server: string): boolean {
  if (net.isIP(server) !== 0) return true;
  const v6 = /^\[([^\]]+)\]:(\d{1,5})$/.exec(server);
  if (v6) return net.isIPv6(v6[1] ?? '') && validPort(v6[2]);
  const v4 = /^([^:]+):(\d{1,5})$/.exec(server);
  return v4 !== null && net.isIPv4(v4[1] ?? '') && validPort(v4[2]);
}

function validPort(text: string | undefined): boolean {
  const port = Number(text);
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}
