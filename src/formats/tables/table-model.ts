/**
 * The normalised records that traffic tables (CSV, TSV, JSON lines) become, whatever their dialect: flows
 * (NSL-KDD, CIC-IDS2017/CICFlowMeter, UNSW-NB15, Zeek conn.log, Argus, Suricata flow events, mapped CSVs) and
 * packets (Wireshark CSV exports, generic packet CSVs). Records travel in batches of typed-array columns plus
 * interned string tables, never one object per row; flowRecordAt/packetRecordAt give one row as an object for
 * tests, exports and the UI.
 *
 * Units: times in seconds since the Unix epoch (or since the capture start when timeBase is 'relative'),
 * durations in seconds, byte and packet counts split by direction from the originator (orig, the side that
 * started the flow) to the responder (resp). Protocol names are lower case ('tcp', 'udp', 'icmp', ...); a
 * service is the dataset's own (normalised) name or, failing that, the name of the responder port.
 */

export type TableDialectId =
  | 'nsl-kdd'
  | 'cicids'
  | 'unsw-nb15'
  | 'zeek-tsv'
  | 'zeek-json'
  | 'argus'
  | 'suricata-eve'
  | 'wireshark-csv'
  | 'generic-packet-csv'
  | 'generic-flow-csv'

/** Column value meaning "unknown" in the Int32 port columns. */
export const NO_PORT = -1

/** A batch of flow records. Numbers are NaN when the table does not give them. */
export interface FlowRecordBatch {
  readonly kind: 'flows'
  readonly dialect: TableDialectId
  readonly count: number
  /** Index of this batch's first record among all records of the read. */
  readonly firstRecord: number
  /** 1-based line of the source where each record began. */
  readonly line: Uint32Array
  readonly startTime: Float64Array
  readonly timeBase: 'epoch' | 'relative'
  readonly duration: Float64Array
  /** Ids into `strings` (0: unknown). Addresses as the table writes them (IPv4, IPv6, sometimes MAC or names). */
  readonly srcAddr: Uint32Array
  readonly dstAddr: Uint32Array
  /** NO_PORT when unknown (ICMP type/code when the dataset stores them in the port columns). */
  readonly srcPort: Int32Array
  readonly dstPort: Int32Array
  /** Ids into `strings`: lower-case protocol name ('tcp', 'udp', 'icmp', 'ipv6-icmp' is written 'icmpv6', ...). */
  readonly protocol: Uint32Array
  /** Ids into `strings`: service name (dataset's own, else from the responder port), 0 when unknown. */
  readonly service: Uint32Array
  readonly origPkts: Float64Array
  readonly respPkts: Float64Array
  /** Bytes on the wire as the dataset counts them (IP or frame level). */
  readonly origBytes: Float64Array
  readonly respBytes: Float64Array
  /** Application payload bytes (Zeek orig_bytes, CIC total length of packets, KDD src_bytes). */
  readonly origPayloadBytes: Float64Array
  readonly respPayloadBytes: Float64Array
  /** Ids into `strings`: Zeek conn_state vocabulary (S0, SF, REJ, ...) when derivable, else 0. */
  readonly connState: Uint32Array
  /** Ids into `strings`: the dataset's own state text (Argus "FSPA_FSPA", UNSW "FIN", KDD flag), else 0. */
  readonly state: Uint32Array
  /** Ids into `strings`: Zeek history string, else 0. */
  readonly history: Uint32Array
  /** Ids into `strings`: the connection id facts refer to (Zeek uid, Suricata flow_id), else 0. */
  readonly uid: Uint32Array
  /** Index into labelNames for each record; 0 = no label. */
  readonly labels: Uint32Array
  /**
   * Interned strings, shared by every batch of one read and only ever appended to, so ids stay valid across
   * batches. strings[0] is ''.
   */
  readonly strings: readonly string[]
  /** Label dictionary, shared and append-only like `strings`; labelNames[0] is '' (no label). */
  readonly labelNames: readonly string[]
  /** Name of the column (or event field) the labels came from, or null when the table has none. */
  readonly labelColumn: string | null
  /** The dialect's other numeric columns, in column order. */
  readonly featureNames: readonly string[]
  /** count × featureNames.length values, row-major; NaN where missing, ±Infinity kept as written. */
  readonly features: Float64Array
}

/** A batch of packet records (one row of a packet table each). */
export interface PacketRecordBatch {
  readonly kind: 'packets'
  readonly dialect: TableDialectId
  readonly count: number
  readonly firstRecord: number
  readonly line: Uint32Array
  /** Frame number as the table gives it (Wireshark "No."), 0 when absent. */
  readonly number: Uint32Array
  /** Seconds: since the epoch, or since the first packet when timeBase is 'relative'. NaN when unknown. */
  readonly time: Float64Array
  readonly timeBase: 'epoch' | 'relative'
  /** Ids into `strings` (0: unknown). */
  readonly src: Uint32Array
  readonly dst: Uint32Array
  readonly srcPort: Int32Array
  readonly dstPort: Int32Array
  /** Ids into `strings`: lower-case protocol as the table names it ('tcp', 'dns', 'tlsv1.2', 'arp', ...). */
  readonly protocol: Uint32Array
  /** Frame length in bytes, NaN when unknown. */
  readonly length: Float64Array
  /** The Info column (capped in length, raw text: show it only as text). */
  readonly info: readonly string[]
  readonly labels: Uint32Array
  readonly strings: readonly string[]
  readonly labelNames: readonly string[]
  readonly labelColumn: string | null
}

/** One flow as an object. */
export interface FlowRecord {
  readonly line: number
  readonly startTime: number | null
  readonly duration: number | null
  readonly srcAddr: string | null
  readonly dstAddr: string | null
  readonly srcPort: number | null
  readonly dstPort: number | null
  readonly protocol: string | null
  readonly service: string | null
  readonly origPkts: number | null
  readonly respPkts: number | null
  readonly origBytes: number | null
  readonly respBytes: number | null
  readonly origPayloadBytes: number | null
  readonly respPayloadBytes: number | null
  readonly connState: string | null
  readonly state: string | null
  readonly history: string | null
  readonly uid: string | null
  readonly label: string | null
  readonly labelColumn: string | null
  /** Feature values in the order of the batch's featureNames. */
  readonly features: readonly number[]
}

/** One packet as an object. */
export interface PacketRecord {
  readonly line: number
  readonly number: number | null
  readonly time: number | null
  readonly src: string | null
  readonly dst: string | null
  readonly srcPort: number | null
  readonly dstPort: number | null
  readonly protocol: string | null
  readonly length: number | null
  readonly info: string
  readonly label: string | null
}

const num = (v: number): number | null => (Number.isNaN(v) ? null : v)
const str = (table: readonly string[], id: number): string | null => (id === 0 ? null : (table[id] ?? null))
const port = (p: number): number | null => (p < 0 ? null : p)

/** Record i of a flow batch as an object. */
export function flowRecordAt(b: FlowRecordBatch, i: number): FlowRecord {
  const f = b.featureNames.length
  return {
    line: b.line[i],
    startTime: num(b.startTime[i]),
    duration: num(b.duration[i]),
    srcAddr: str(b.strings, b.srcAddr[i]),
    dstAddr: str(b.strings, b.dstAddr[i]),
    srcPort: port(b.srcPort[i]),
    dstPort: port(b.dstPort[i]),
    protocol: str(b.strings, b.protocol[i]),
    service: str(b.strings, b.service[i]),
    origPkts: num(b.origPkts[i]),
    respPkts: num(b.respPkts[i]),
    origBytes: num(b.origBytes[i]),
    respBytes: num(b.respBytes[i]),
    origPayloadBytes: num(b.origPayloadBytes[i]),
    respPayloadBytes: num(b.respPayloadBytes[i]),
    connState: str(b.strings, b.connState[i]),
    state: str(b.strings, b.state[i]),
    history: str(b.strings, b.history[i]),
    uid: str(b.strings, b.uid[i]),
    label: str(b.labelNames, b.labels[i]),
    labelColumn: b.labelColumn,
    features: Array.from(b.features.subarray(i * f, i * f + f)),
  }
}

/** Record i of a packet batch as an object. */
export function packetRecordAt(b: PacketRecordBatch, i: number): PacketRecord {
  return {
    line: b.line[i],
    number: b.number[i] === 0 ? null : b.number[i],
    time: num(b.time[i]),
    src: str(b.strings, b.src[i]),
    dst: str(b.strings, b.dst[i]),
    srcPort: port(b.srcPort[i]),
    dstPort: port(b.dstPort[i]),
    protocol: str(b.strings, b.protocol[i]),
    length: num(b.length[i]),
    info: b.info[i] ?? '',
    label: str(b.labelNames, b.labels[i]),
  }
}

/**
 * A fact from a log that describes a connection rather than being one (Zeek dns/ssl/http/notice/dhcp/smtp/
 * tunnel/weird logs, Suricata dns/tls/http/anomaly events), keyed by the connection's uid so it can be attached.
 * Facts are rare next to flows, so they are plain objects. Values are raw text: show them only as text.
 */
export interface TableFact {
  /** The log or event type: 'dns', 'ssl', 'http', 'notice', 'weird', ... */
  readonly log: string
  readonly line: number
  /** Connection uids the fact belongs to (Zeek uid or uids, Suricata flow_id); empty when it names none. */
  readonly uids: readonly string[]
  readonly time: number | null
  /** The record's columns (unset ones left out), each value capped in length. */
  readonly values: ReadonlyMap<string, string>
}
