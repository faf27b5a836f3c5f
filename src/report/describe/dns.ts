/**
 * What a Go client logs when a DNS lookup times out: net.OpError wrapping a *net.DNSError
 * (`dial tcp: lookup <name> on <server>:53: ...: i/o timeout`), so a person reading it sees that
 * a service could not find another.
 */
export function goLookupTimeout(name: string, dnsServerIp: string): string {
  return `dial tcp: lookup ${name} on ${dnsServerIp}:53: read udp: i/o timeout`;
}
