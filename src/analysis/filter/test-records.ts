/** Hand-made flows for the filter tests: each differs from the others in the fields the tests look at. */
import type { FlowRecord } from '../../flows/flow-records.ts'

const NOON_2024 = 1704110400 // 2024-01-01 12:00:00 UTC

function flow(id: number, fields: Partial<FlowRecord>): FlowRecord {
  return {
    id, kind: 'ip', proto: 'tcp', ipProto: 6, origAddr: '10.0.0.1', origPort: 0, respAddr: '10.0.0.2', respPort: 0,
    origMac: null, respMac: null, vlan: null, first: NOON_2024, last: NOON_2024, duration: 0, origPkts: 1, respPkts: 0, origBytes: 60, respBytes: 0,
    origPayloadBytes: 0, respPayloadBytes: 0, state: 'OTH', history: '', handshake: false, flipped: false,
    tunnel: false, open: false, endReason: 'end-of-capture', handshakeRtt: null, synAckRtt: null,
    origRetransmissions: 0, respRetransmissions: 0, outOfOrder: 0, zeroWindows: 0, iatMean: null, iatStd: null,
    jitter: null, payloadMin: null, payloadMax: null, payloadMean: null, payloadEntropy: null, app: null,
    appSource: null, dnsQuery: null, dnsQtype: null, dnsRcode: null, dnsAnswers: [], tlsSni: null, tlsAlpn: [],
    ja3: null, ja4: null, httpHost: null, httpMethod: null, httpUri: null, httpUserAgent: null, dhcpHostName: null,
    ...fields,
  }
}

export const TEST_FLOWS: readonly FlowRecord[] = [
  flow(1, {
    origAddr: '10.0.0.1', origPort: 51000, respAddr: '93.184.216.34', respPort: 443, first: NOON_2024, last: NOON_2024 + 2.5,
    duration: 2.5, origPkts: 6, respPkts: 4, origBytes: 500, respBytes: 4500, state: 'SF', history: 'ShADadFf',
    handshake: true, handshakeRtt: 0.02, origRetransmissions: 1, respRetransmissions: 1, app: 'tls', appSource: 'content',
    tlsSni: 'www.example.com', tlsAlpn: ['h2', 'http/1.1'], ja3: 'e7d705a3286e19ea42f587b344ee6865', ja4: 't13d1516h2_8daaf6152771_02713d6af862',
  }),
  flow(2, {
    proto: 'udp', ipProto: 17, origAddr: '10.0.0.2', origPort: 53000, respAddr: '8.8.8.8', respPort: 53, first: NOON_2024 - 60,
    last: NOON_2024 - 59.97, duration: 0.03, origPkts: 1, respPkts: 1, origBytes: 80, respBytes: 200, state: 'SF',
    history: 'Dd', app: 'dns', appSource: 'content', dnsQuery: 'nosuch.example.org', dnsQtype: 1, dnsRcode: 3, vlan: 100,
  }),
  flow(3, {
    origAddr: '10.0.0.3', origPort: 40000, respAddr: '10.0.0.1', respPort: 22, first: NOON_2024 + 10, last: NOON_2024 + 10,
    origPkts: 1, origBytes: 60, state: 'S0', history: 'S', app: 'ssh', appSource: 'port',
  }),
  flow(4, {
    origAddr: '2001:db8::1', origPort: 50000, respAddr: '2001:db8::80', respPort: 80, first: NOON_2024 + 20, last: NOON_2024 + 21,
    duration: 1, origPkts: 5, respPkts: 3, origBytes: 700, respBytes: 800, state: 'RSTO', history: 'ShADar',
    handshake: true, app: 'http', appSource: 'content', httpHost: 'example.net',
  }),
  flow(5, {
    proto: 'icmp', ipProto: 1, origAddr: '192.168.1.5', origPort: 8, respAddr: '10.0.0.1', respPort: 0, origPkts: 2,
    respPkts: 2, origBytes: 196, respBytes: 196, duration: 1, state: 'OTH',
  }),
  flow(6, { kind: 'arp', proto: 'arp', ipProto: 0, origAddr: '192.168.1.1', respAddr: '192.168.1.5', origBytes: 42, respBytes: 42, respPkts: 1 }),
  flow(7, {
    proto: 'udp', ipProto: 17, origAddr: '10.0.0.1', origPort: 50001, respAddr: '142.250.1.1', respPort: 443, first: NOON_2024 + 30,
    last: NOON_2024 + 150, duration: 120, origPkts: 1000, respPkts: 2000, origBytes: 100_000, respBytes: 2_900_000,
    state: 'SF', history: 'Dd', app: 'quic', appSource: 'content', tlsSni: 'www.google.com', tunnel: false,
  }),
  flow(8, {
    proto: 'udp', ipProto: 17, origAddr: '0.0.0.0', origPort: 68, respAddr: '255.255.255.255', respPort: 67, first: NOON_2024 + 40,
    last: NOON_2024 + 40, origBytes: 342, state: 'S0', history: 'D', app: 'dhcp', appSource: 'content', dhcpHostName: 'laptop',
  }),
]

export const TEST_NOON_2024 = NOON_2024
