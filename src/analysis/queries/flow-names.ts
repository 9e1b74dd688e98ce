/**
 * Names of a flow's protocol and application from its column codes, without building a string per flow:
 * protocol names come from a table and port-guessed application names are memoised per (protocol, port).
 * Same answers as src/flows/flow-records.ts (proto) and src/flows/app-guess.ts (app).
 */
import { CONTENT_APP_NAMES } from '../../flows/app-guess.ts'
import { serviceForPort } from '../../flows/well-known-ports.ts'

const PROTO_NAMES: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6', 132: 'sctp' }
const BY_NUMBER: readonly string[] = Array.from({ length: 256 }, (_, p) => PROTO_NAMES[p] ?? String(p))

/** 'tcp', 'udp', ... or the IP protocol number for IP flows; 'arp' and 'l2' for the others. */
export function protoName(kind: number, proto: number): string {
  return kind === 1 ? 'arp' : kind === 2 ? 'l2' : (BY_NUMBER[proto] ?? String(proto))
}

// Port -> service name (null: none), memoised per protocol; undefined = not looked up yet.
const tcpServices: (string | null | undefined)[] = []
const udpServices: (string | null | undefined)[] = []

function service(proto: number, port: number): string | null {
  const memo = proto === 6 ? tcpServices : proto === 17 ? udpServices : null
  if (memo === null) return null
  let s = memo[port]
  if (s === undefined) {
    s = serviceForPort(proto, port)
    memo[port] = s
  }
  return s
}

/** Content application if a decoder recognised one, else the responder's then the originator's port service. */
export function appName(contentApp: number, proto: number, origPort: number, respPort: number): string | null {
  const byContent = contentApp > 0 && contentApp < CONTENT_APP_NAMES.length ? CONTENT_APP_NAMES[contentApp] : ''
  if (byContent !== '') return byContent
  return service(proto, respPort) ?? service(proto, origPort)
}
