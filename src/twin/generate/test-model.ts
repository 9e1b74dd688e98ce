/** A small hand-made TwinModel for generator tests: one service per kind of flow the generator writes. */
import { TWIN_MODEL_KIND, TWIN_MODEL_VERSION, type FlowShape, type TwinModel, type TwinService } from '../model/types.ts'

function service(key: string, proto: number, port: number, app: TwinService['app'], edges: [number, number, number][], shapes: FlowShape[]): TwinService {
  return { key, proto, port, tailPorts: [], app, flows: 10, hours: null, edges, shapes, rtt: [0.001, 0.002, 0.004] }
}

/** Hosts: 0 client v4, 1 server v4 (LAN), 2 external v4, 3 client v6, 4 server v6. */
export function testModel(): TwinModel {
  return {
    kind: TWIN_MODEL_KIND,
    version: TWIN_MODEL_VERSION,
    source: { kind: 'capture', fileName: 'test', start: 1_700_000_000, end: 1_700_000_060, flows: 80, packets: 800, skippedFlows: 0 },
    hosts: [
      { addr: '192.168.1.10', internal: true, role: 'client', mac: '02:00:00:00:00:0a' },
      { addr: '192.168.1.1', internal: true, role: 'server', mac: '02:00:00:00:00:01' },
      { addr: '93.184.216.34', internal: false, role: 'server', mac: null },
      { addr: '2001:db8::10', internal: false, role: 'client', mac: null },
      { addr: '2001:db8::1', internal: false, role: 'server', mac: null },
    ],
    gatewayMac: '02:00:00:00:00:fe',
    services: [
      service('tcp/443', 6, 443, 'tls', [[0, 2, 3], [3, 4, 1]], [[12, 10, 2400, 9000, 1.5, 0]]),
      service('tcp/80', 6, 80, 'http', [[0, 2, 1]], [[6, 5, 1200, 4000, 2, 0]]),
      service('udp/53', 17, 53, 'dns', [[0, 1, 1], [3, 4, 1]], [[1, 1, 80, 120, 0.01, 0], [2, 2, 160, 240, 0.5, 0]]),
      service('udp/123', 17, 123, 'raw', [[0, 2, 1]], [[1, 1, 90, 90, 0.03, 0]]),
      service('udp/9999', 17, 9999, 'raw', [[0, 1, 1]], [[5, 3, 1000, 600, 3, 0]]),
      service('icmp/8', 1, 8, 'echo', [[0, 2, 1]], [[3, 3, 294, 294, 2, 0]]),
      service('arp', 0, 0, 'arp', [[0, 1, 1]], [[1, 1, 42, 42, 0.001, 0]]),
      service('tcp/22', 6, 22, 'raw', [[0, 1, 1]], [[3, 0, 222, 0, 3, 1], [1, 1, 74, 54, 0.001, 2]]),
    ],
    arrivals: { flowsPerSecond: 80 / 60, gaps: [0.1, 0.5, 1, 1.5], firstStart: 1_700_000_000, activeSeconds: 60, hourProfile: null },
    dns: [{ name: 'www.example.com', qtype: 1, rcode: 0, weight: 2, answers: ['5 edge.example.net', '1 192.0.2.7'] }],
    sni: [{ name: 'www.example.com', weight: 1 }],
    tls: [{ cipherSuites: [0x1301, 0xc02f], extensions: [0, 10, 11, 13, 16, 43, 51], alpn: ['h2'], versions: [0x0304, 0x0303], weight: 1 }],
    httpHosts: [{ name: 'example.org', weight: 1 }],
    rtt: [0.001, 0.003],
    jitter: null,
  }
}
