/**
 * The canonical fields a generic table can be mapped to, the header spellings that name each of them (compared
 * after normName: lower case, letters and digits only) across the usual tools and datasets (Zeek, Argus,
 * nfdump, CICFlowMeter, UNSW, tshark -T fields, Wireshark columns, NetFlow/IPFIX names), and value tests that
 * confirm a column holds what its name says.
 */
import { isIpAddress } from './head-text.ts'
import { strictDecimal } from './numbers.ts'
import { parseTableTime } from './table-times.ts'

export type CanonicalField =
  | 'time'
  | 'endTime'
  | 'duration'
  | 'srcAddr'
  | 'dstAddr'
  | 'srcPort'
  | 'dstPort'
  | 'protocol'
  | 'service'
  | 'origPkts'
  | 'respPkts'
  | 'totalPkts'
  | 'origBytes'
  | 'respBytes'
  | 'totalBytes'
  | 'connState'
  | 'length'
  | 'info'
  | 'uid'
  | 'label'

export const FLOW_FIELDS: readonly CanonicalField[] = [
  'time', 'endTime', 'duration', 'srcAddr', 'dstAddr', 'srcPort', 'dstPort', 'protocol', 'service', 'origPkts',
  'respPkts', 'totalPkts', 'origBytes', 'respBytes', 'totalBytes', 'connState', 'uid', 'label',
]

export const PACKET_FIELDS: readonly CanonicalField[] = ['time', 'srcAddr', 'dstAddr', 'srcPort', 'dstPort', 'protocol', 'length', 'info', 'label']

export const SYNONYMS: Readonly<Record<CanonicalField, readonly string[]>> = {
  time: ['time', 'timestamp', 'ts', 'starttime', 'stime', 'start', 'firstseen', 'frametime', 'frametimeepoch', 'frametimerelative', 'date', 'datetime', 'flowstart', 'timefirst', 'first', 'tsfirst', 'epoch'],
  endTime: ['endtime', 'ltime', 'lastseen', 'end', 'flowend', 'timelast', 'last', 'tslast'],
  duration: ['duration', 'dur', 'flowduration', 'td', 'elapsed', 'durationms', 'durationsec'],
  srcAddr: ['src', 'source', 'srcip', 'srcaddr', 'sourceip', 'sourceaddress', 'ipsrc', 'saddr', 'sa', 'srcipaddr', 'ipv4srcaddr', 'ipv6src', 'origh', 'idorigh', 'srchost', 'clientip', 'client'],
  dstAddr: ['dst', 'destination', 'dstip', 'dstaddr', 'destinationip', 'destinationaddress', 'ipdst', 'daddr', 'da', 'dstipaddr', 'ipv4dstaddr', 'ipv6dst', 'resph', 'idresph', 'dsthost', 'serverip', 'server', 'destip'],
  srcPort: ['sport', 'srcport', 'sourceport', 'tcpsrcport', 'udpsrcport', 'sp', 'origp', 'idorigp', 'l4srcport', 'srcpt', 'clientport'],
  dstPort: ['dport', 'dstport', 'destinationport', 'tcpdstport', 'udpdstport', 'dp', 'respp', 'idrespp', 'l4dstport', 'dsport', 'destport', 'dstpt', 'serverport'],
  protocol: ['proto', 'protocol', 'ipproto', 'pr', 'protocolname', 'l4proto', 'transport', 'protocoltype'],
  service: ['service', 'app', 'application', 'appproto', 'l7proto', 'applicationname'],
  origPkts: ['spkts', 'srcpkts', 'origpkts', 'fwdpkts', 'totfwdpkts', 'totalfwdpackets', 'pktstoserver', 'srcpackets', 'outpkts', 'sentpackets'],
  respPkts: ['dpkts', 'dstpkts', 'resppkts', 'bwdpkts', 'totbwdpkts', 'totalbackwardpackets', 'pktstoclient', 'dstpackets', 'inpkts', 'receivedpackets'],
  totalPkts: ['pkts', 'packets', 'totpkts', 'totalpackets', 'ipkt', 'npackets', 'packetcount'],
  origBytes: ['sbytes', 'srcbytes', 'origbytes', 'origipbytes', 'fwdbytes', 'bytestoserver', 'srcoctets', 'outbytes', 'sentbytes'],
  respBytes: ['dbytes', 'dstbytes', 'respbytes', 'respipbytes', 'bwdbytes', 'bytestoclient', 'dstoctets', 'inbytes', 'receivedbytes'],
  totalBytes: ['bytes', 'totbytes', 'totalbytes', 'octets', 'byt', 'ibyt', 'bytecount'],
  connState: ['connstate', 'state', 'flowstate', 'tcpstate'],
  length: ['length', 'len', 'framelen', 'size', 'packetlength', 'pktlen', 'iplen', 'framelength', 'packetsize'],
  info: ['info', 'description', 'summary', 'message'],
  uid: ['uid', 'flowid', 'connid', 'sessionid'],
  label: ['label', 'labels', 'class', 'attackcat', 'attack', 'category', 'attacktype', 'classification', 'detailedlabel', 'target', 'malicious', 'tag'],
}

const PROTOCOL_WORDS = new Set(['tcp', 'udp', 'icmp', 'icmpv6', 'ipv6-icmp', 'icmp6', 'sctp', 'gre', 'esp', 'igmp', 'arp', 'dns', 'http', 'tls', 'ssl', 'quic', 'ip', 'ipv6', 'ospf'])

const isCount = (v: string): boolean => {
  const n = strictDecimal(v)
  return n !== undefined && n >= 0 && Number.isFinite(n)
}

const isPort = (v: string): boolean => /^\d{1,5}$/.test(v) && Number(v) <= 65535

const isProtocol = (v: string): boolean => PROTOCOL_WORDS.has(v.toLowerCase()) || /^\d{1,3}$/.test(v) || /^[A-Za-z][\w.-]{1,15}$/.test(v)

const isAddress = (v: string): boolean => isIpAddress(v) || /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(v)

const isTime = (v: string): boolean => !Number.isNaN(parseTableTime(v))

const isText = (v: string): boolean => v.length > 0 && strictDecimal(v) === undefined

/** Whether a sample value fits the field (empty cells are left out before this is asked). */
export const VALUE_TESTS: Readonly<Record<CanonicalField, (v: string) => boolean>> = {
  time: isTime,
  endTime: isTime,
  duration: isCount,
  srcAddr: isAddress,
  dstAddr: isAddress,
  srcPort: isPort,
  dstPort: isPort,
  protocol: isProtocol,
  service: isText,
  origPkts: isCount,
  respPkts: isCount,
  totalPkts: isCount,
  origBytes: isCount,
  respBytes: isCount,
  totalBytes: isCount,
  connState: isText,
  length: isCount,
  info: () => true,
  uid: (v) => v.length > 0,
  label: (v) => v.length > 0,
}
