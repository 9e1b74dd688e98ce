/**
 * The flow table as CSV rows with Zeek conn.log column names (https://docs.zeek.org/en/master/logs/conn.html)
 * where a column has a Zeek meaning, followed by nettwin's extra per-flow features. Used by `nettwin flows --csv`
 * and by table exports in the app. Bytes are frame bytes (Zeek's orig_ip_bytes is IP bytes).
 */
import type { FlowRecord } from './flow-records.ts'

export const FLOW_CSV_COLUMNS = [
  'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration',
  'orig_bytes', 'resp_bytes', 'conn_state', 'history', 'orig_pkts', 'orig_frame_bytes', 'resp_pkts', 'resp_frame_bytes',
  'vlan', 'orig_l2_addr', 'resp_l2_addr', 'tunnel', 'end_reason', 'handshake_rtt', 'orig_retransmissions',
  'resp_retransmissions', 'out_of_order', 'zero_windows', 'iat_mean', 'iat_std', 'jitter', 'payload_min', 'payload_max',
  'payload_mean', 'payload_entropy', 'app_source', 'dns_query', 'dns_qtype', 'dns_rcode', 'dns_answers', 'tls_sni',
  'tls_alpn', 'ja3', 'ja4', 'http_host', 'http_method', 'http_uri', 'http_user_agent', 'dhcp_host_name',
] as const

export type FlowCsvValue = string | number | boolean | null

/** Times and durations to the microsecond, features to six significant digits: what a capture can resolve. */
function round(v: number | null): number | null {
  if (v === null || Number.isInteger(v)) return v
  return Math.abs(v) >= 1e6 ? Math.round(v * 1e6) / 1e6 : Number(v.toPrecision(6))
}

/** One row in FLOW_CSV_COLUMNS order. */
export function flowCsvRow(r: FlowRecord): FlowCsvValue[] {
  const row: FlowCsvValue[] = [
    r.first, `F${r.id}`, r.origAddr, r.origPort, r.respAddr, r.respPort, r.proto, r.app, r.duration,
    r.origPayloadBytes, r.respPayloadBytes, r.state, r.history, r.origPkts, r.origBytes, r.respPkts, r.respBytes,
    r.vlan, r.origMac, r.respMac, r.tunnel, r.endReason, r.handshakeRtt, r.origRetransmissions,
    r.respRetransmissions, r.outOfOrder, r.zeroWindows, r.iatMean, r.iatStd, r.jitter, r.payloadMin, r.payloadMax,
    r.payloadMean, r.payloadEntropy, r.appSource, r.dnsQuery, r.dnsQtype, r.dnsRcode, r.dnsAnswers.join(' '), r.tlsSni,
    r.tlsAlpn.join(' '), r.ja3, r.ja4, r.httpHost, r.httpMethod, r.httpUri, r.httpUserAgent, r.dhcpHostName,
  ]
  return row.map((v) => (typeof v === 'number' ? round(v) : v))
}
