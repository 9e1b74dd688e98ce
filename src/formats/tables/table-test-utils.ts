/**
 * Helpers for the table tests: small inline tables of every dialect, and runners that read a table given as text
 * (in slices of a chosen size, down to one byte) and keep what came out as plain objects.
 */
import { bytesSource } from '../sources.ts'
import type { ByteSource } from '../format.ts'
import type { ReadTableOptions, TableReport } from './read-table.ts'
import { readTable } from './read-table.ts'
import type { RowReaderOptions, RowRejectReason } from './row-reader.ts'
import { RowReader } from './row-reader.ts'
import type { FlowRecord, PacketRecord, TableFact } from './table-model.ts'
import { flowRecordAt, packetRecordAt } from './table-model.ts'

export const encode = (s: string): Uint8Array => new TextEncoder().encode(s)

export interface TableOutcome {
  readonly report: TableReport
  readonly flows: FlowRecord[]
  readonly packets: PacketRecord[]
  readonly facts: TableFact[]
}

/** Reads `input` with readTable, slices of `sliceSize` bytes, and collects every record as an object. */
export async function readAll(input: string | Uint8Array | ByteSource, options: ReadTableOptions = {}, sliceSize = 7): Promise<TableOutcome> {
  const flows: FlowRecord[] = []
  const packets: PacketRecord[] = []
  const facts: TableFact[] = []
  const source = typeof input === 'string' ? bytesSource(encode(input), 'table', sliceSize) : input instanceof Uint8Array ? bytesSource(input, 'table', sliceSize) : input
  const report = await readTable(source, {
    ...options,
    onFlows: (b) => {
      for (let i = 0; i < b.count; i++) flows.push(flowRecordAt(b, i))
    },
    onPackets: (b) => {
      for (let i = 0; i < b.count; i++) packets.push(packetRecordAt(b, i))
    },
    onFacts: (f) => facts.push(...f),
  })
  return { report, flows, packets, facts }
}

export type RowOrReject = { readonly line: number; readonly cells: string[] } | { readonly line: number; readonly reject: RowRejectReason }

/** Runs the row reader over `input` cut into the given slices (byte lengths, repeated), returning rows and rejects. */
export function parseRows(input: string | Uint8Array, options: RowReaderOptions = {}, cuts: readonly number[] = [1 << 20]): RowOrReject[] {
  const bytes = typeof input === 'string' ? encode(input) : input
  const out: RowOrReject[] = []
  const reader = new RowReader(
    {
      row: (r) => void out.push({ line: r.line, cells: r.toArray().slice() }),
      reject: (line, reason) => void out.push({ line, reject: reason }),
    },
    options,
  )
  let at = 0
  for (let c = 0; at < bytes.length; c++) {
    const n = Math.max(1, cuts[c % cuts.length])
    reader.push(bytes.subarray(at, at + n))
    at += n
  }
  reader.end()
  return out
}

/** Just the cells of each row (rejects left out). */
export function cells(input: string | Uint8Array, options: RowReaderOptions = {}, cuts?: readonly number[]): string[][] {
  return parseRows(input, options, cuts).flatMap((r) => ('cells' in r ? [r.cells] : []))
}

/** One small table per dialect, as the tools write them. */
export const SAMPLES = {
  'nsl-kdd': [
    '0,tcp,ftp_data,SF,491,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,2,0.00,0.00,0.00,0.00,1.00,0.00,0.00,150,25,0.17,0.03,0.17,0.00,0.00,0.00,0.05,0.00,normal,20',
    '0,udp,other,SF,146,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,13,1,0.00,0.00,0.00,0.00,0.08,0.15,0.00,255,1,0.00,0.60,0.88,0.00,0.00,0.00,0.00,0.00,normal,15',
    '0,tcp,private,S0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,123,6,1.00,1.00,0.00,0.00,0.05,0.07,0.00,255,26,0.10,0.05,0.00,0.00,1.00,1.00,0.00,0.00,neptune,19',
    '2,tcp,http,SF,232,8153,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,5,5,0.20,0.20,0.00,0.00,1.00,0.00,0.00,30,255,1.00,0.00,0.03,0.04,0.03,0.01,0.00,0.01,normal,21',
  ].join('\n') + '\n',
  cicids: [
    'Flow ID, Source IP, Source Port, Destination IP, Destination Port, Protocol, Timestamp, Flow Duration, Total Fwd Packets, Total Backward Packets,Total Length of Fwd Packets, Total Length of Bwd Packets,Flow Bytes/s, Flow Packets/s, Fwd Header Length, Bwd Header Length, Fwd Header Length, Init_Win_bytes_forward, Label',
    '192.168.10.5-104.16.207.165-54865-443-6,192.168.10.5,54865,104.16.207.165,443,6,3/7/2017 8:55,3,2,0,12,0,4000000,666666.6667,40,0,40,-1,BENIGN',
    '192.168.10.14-65.55.44.109-59135-443-6,192.168.10.14,59135,65.55.44.109,443,6,3/7/2017 8:56:30,0,2,0,0,0,Infinity,Infinity,40,0,40,33,DDoS',
    '8.6.0.1-8.0.6.4-0-0-0,8.6.0.1,0,8.0.6.4,0,0,5/7/2017 9:01,114320,3,0,0,0,0,26.24212736,0,0,0,-1,DoS Hulk',
  ].join('\r\n') + '\r\n',
  'unsw-nb15': [
    '\uFEFFid,dur,proto,service,state,spkts,dpkts,sbytes,dbytes,rate,sttl,dttl,attack_cat,label',
    '1,0.000011,udp,-,INT,2,0,496,0,90909.0902,254,0,Normal,0',
    '2,0.121478,tcp,http,FIN,6,4,258,172,74.08749,252,254,Exploits,1',
    '3,1.623129,tcp,-,CON,8,16,364,13186,14.170161,62,252,Fuzzers,1',
  ].join('\n') + '\n',
  'zeek-tsv': [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tconn',
    '#open\t2020-10-06-17-32-56',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents',
    '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]',
    '1601998366.785668\tCNgrt04tHika5Pgpfi\t10.0.0.1\t54170\t10.0.0.2\t53\tudp\tdns\t0.007707\t37\t77\tSF\t-\t-\t0\tDd\t1\t65\t1\t105\t-',
    '1601998368.896819\tCdBOyt3KpveMqzyzFf\t10.0.0.1\t5353\t224.0.0.251\t5353\tudp\t-\t-\t-\t-\tS0\t-\t-\t0\tD\t2\t2049\t0\t0\t(empty)',
    '#close\t2020-10-06-17-33-29',
  ].join('\n') + '\n',
  'zeek-json': [
    '{"ts":1700828213.098448,"uid":"C6ce9q3xECAsonga21","id.orig_h":"10.0.2.15","id.orig_p":61099,"id.resp_h":"10.0.2.3","id.resp_p":53,"proto":"udp","service":"dns","duration":0.096,"orig_bytes":50,"resp_bytes":70,"conn_state":"SF","missed_bytes":0,"history":"Dd","orig_pkts":1,"orig_ip_bytes":78,"resp_pkts":1,"resp_ip_bytes":98}',
    '{"ts":1700828214.5,"uid":"CeXwwk4XHhkKHn7kag","id.orig_h":"10.0.2.15","id.orig_p":49158,"id.resp_h":"195.113.232.73","id.resp_p":80,"proto":"tcp","service":"http","duration":0.00187,"orig_bytes":97,"resp_bytes":179,"conn_state":"SF","history":"ShADadFf","orig_pkts":5,"orig_ip_bytes":309,"resp_pkts":4,"resp_ip_bytes":351}',
  ].join('\n') + '\n',
  argus: [
    'StartTime,Dur,Proto,SrcAddr,Sport,Dir,DstAddr,Dport,State,sTos,dTos,TotPkts,TotBytes,SrcBytes,SrcPkts,Label',
    '2019/04/04 16:24:47.672448,63.822830,tcp,10.8.0.69,56101,   ->,14.1.11.113,999,S_RA,0,0,31,8764,1887,15,flow=From-Botnet',
    '2019/04/04 16:24:48.672448,1.5,udp,10.8.0.69,53000,  <->,8.8.8.8,53,CON,0,0,2,180,70,1,flow=Background-UDP-DNS',
  ].join('\n') + '\n',
  'suricata-eve': [
    '{"timestamp":"2021-06-06T15:59:46.457984+0200","flow_id":1374195536821504,"event_type":"alert","src_ip":"78.36.196.213","src_port":51698,"dest_ip":"192.168.1.129","dest_port":445,"proto":"TCP","alert":{"signature":"ET CINS Poor Reputation IP","category":"Misc Attack","severity":2}}',
    '{"timestamp":"2021-06-06T16:00:46.000000+0200","flow_id":1374195536821504,"event_type":"flow","src_ip":"78.36.196.213","src_port":51698,"dest_ip":"192.168.1.129","dest_port":445,"proto":"TCP","flow":{"pkts_toserver":1,"pkts_toclient":1,"bytes_toserver":60,"bytes_toclient":54,"start":"2021-06-06T15:59:46.457984+0200","end":"2021-06-06T15:59:46.458984+0200","state":"closed","alerted":true},"tcp":{"tcp_flags_ts":"02","tcp_flags_tc":"14","state":"closed"}}',
    '{"timestamp":"2021-06-06T16:00:47.000000+0200","flow_id":99,"event_type":"flow","src_ip":"192.168.1.129","src_port":5353,"dest_ip":"224.0.0.251","dest_port":5353,"proto":"UDP","app_proto":"dns","flow":{"pkts_toserver":2,"pkts_toclient":0,"bytes_toserver":200,"bytes_toclient":0,"start":"2021-06-06T15:59:50.000000+0200","end":"2021-06-06T15:59:51.000000+0200","state":"new"}}',
    '{"timestamp":"2021-06-06T15:59:50.100000+0200","flow_id":99,"event_type":"dns","src_ip":"192.168.1.129","src_port":5353,"dest_ip":"224.0.0.251","dest_port":5353,"proto":"UDP","dns":{"type":"query","rrname":"printer.local"}}',
  ].join('\n') + '\n',
  'wireshark-csv': [
    '"No.","Time","Source","Destination","Protocol","Length","Info"',
    '"1","0.000000","192.168.1.7","192.168.1.1","DNS","84","Standard query 0x2fcb PTR 1.1.168.192.in-addr.arpa"',
    '"2","0.006456","192.168.1.7","192.168.1.1","TCP","58","41859 → 1 [SYN] Seq=0 Win=1024 Len=0 MSS=1460"',
    '"3","0.006791","192.168.1.1","192.168.1.7","TCP","60","1 → 41859 [RST, ACK] Seq=1 Ack=1 Win=0 Len=0"',
    '"4","0.5","fe80::1","ff02::fb","MDNS","87","Standard query 0x0000 SRV gemini._sftp-ssh._tcp.local, ""QM"" question"',
  ].join('\n') + '\n',
  'generic-packet-csv': [
    'frame.time_epoch\tip.src\tip.dst\ttcp.srcport\ttcp.dstport\tframe.len\t_ws.col.Protocol',
    '1707834878.788187\t147.32.80.37\t147.32.80.9\t51000\t443\t74\tTCP',
    '1707834878.789000\t147.32.80.9\t147.32.80.37\t443\t51000\t66\tTCP',
    '1707834879.000001\t147.32.80.37\t147.32.80.9\t51000\t443\t583\tTLSv1.2',
  ].join('\n') + '\n',
  'generic-flow-csv': [
    'first_seen;src_addr;dst_addr;src_pt;dst_pt;proto;packets;bytes;class',
    '2024-01-02 10:00:00.123;10.1.1.1;10.2.2.2;50000;22;TCP;12;3400;attack',
    '2024-01-02 10:00:01.500;10.1.1.3;10.2.2.2;50001;80;TCP;4;500;benign',
  ].join('\n') + '\n',
} as const
