/**
 * Column names of CICFlowMeter output (https://github.com/ahlashkari/CICFlowMeter, FlowFeature.java) and the
 * spellings of the columns nettwin maps across the CIC datasets: CIC-IDS2017 MachineLearningCVE and
 * TrafficLabelling (names with leading spaces, "Fwd Header Length" twice), CSE-CIC-IDS2018 (short names:
 * "Tot Fwd Pkts"), CICFlowMeter V4 ("Total Fwd Packet"), and the improved CIC-IDS2017 of Engelen et al.
 * (https://intrusion-detection.distrinet-research.be/CNS2022/) with its id and "Attempted Category" columns.
 * Names are compared after normName (lower case, letters and digits only).
 */

/** CICFlowMeter V4's 84 output columns in order: what a header-less CICFlowMeter CSV holds. */
export const CICFLOWMETER_COLUMNS = [
  'Flow ID', 'Src IP', 'Src Port', 'Dst IP', 'Dst Port', 'Protocol', 'Timestamp', 'Flow Duration',
  'Total Fwd Packet', 'Total Bwd packets', 'Total Length of Fwd Packet', 'Total Length of Bwd Packet',
  'Fwd Packet Length Max', 'Fwd Packet Length Min', 'Fwd Packet Length Mean', 'Fwd Packet Length Std',
  'Bwd Packet Length Max', 'Bwd Packet Length Min', 'Bwd Packet Length Mean', 'Bwd Packet Length Std',
  'Flow Bytes/s', 'Flow Packets/s', 'Flow IAT Mean', 'Flow IAT Std', 'Flow IAT Max', 'Flow IAT Min',
  'Fwd IAT Total', 'Fwd IAT Mean', 'Fwd IAT Std', 'Fwd IAT Max', 'Fwd IAT Min', 'Bwd IAT Total', 'Bwd IAT Mean',
  'Bwd IAT Std', 'Bwd IAT Max', 'Bwd IAT Min', 'Fwd PSH Flags', 'Bwd PSH Flags', 'Fwd URG Flags', 'Bwd URG Flags',
  'Fwd Header Length', 'Bwd Header Length', 'Fwd Packets/s', 'Bwd Packets/s', 'Packet Length Min',
  'Packet Length Max', 'Packet Length Mean', 'Packet Length Std', 'Packet Length Variance', 'FIN Flag Count',
  'SYN Flag Count', 'RST Flag Count', 'PSH Flag Count', 'ACK Flag Count', 'URG Flag Count', 'CWR Flag Count',
  'ECE Flag Count', 'Down/Up Ratio', 'Average Packet Size', 'Fwd Segment Size Avg', 'Bwd Segment Size Avg',
  'Fwd Bytes/Bulk Avg', 'Fwd Packet/Bulk Avg', 'Fwd Bulk Rate Avg', 'Bwd Bytes/Bulk Avg', 'Bwd Packet/Bulk Avg',
  'Bwd Bulk Rate Avg', 'Subflow Fwd Packets', 'Subflow Fwd Bytes', 'Subflow Bwd Packets', 'Subflow Bwd Bytes',
  'FWD Init Win Bytes', 'Bwd Init Win Bytes', 'Fwd Act Data Pkts', 'Fwd Seg Size Min', 'Active Mean', 'Active Std',
  'Active Max', 'Active Min', 'Idle Mean', 'Idle Std', 'Idle Max', 'Idle Min', 'Label',
] as const

/** The columns nettwin reads into the flow model, with every spelling seen in the CIC datasets. */
export const CIC_CANONICAL = {
  flowId: ['flowid'],
  srcAddr: ['srcip', 'sourceip'],
  srcPort: ['srcport', 'sourceport'],
  dstAddr: ['dstip', 'destinationip'],
  dstPort: ['dstport', 'destinationport'],
  protocol: ['protocol'],
  timestamp: ['timestamp'],
  /** Microseconds. */
  duration: ['flowduration'],
  origPkts: ['totalfwdpackets', 'totalfwdpacket', 'totfwdpkts'],
  respPkts: ['totalbackwardpackets', 'totalbwdpackets', 'totbwdpkts'],
  origPayloadBytes: ['totallengthoffwdpackets', 'totallengthoffwdpacket', 'totlenfwdpkts'],
  respPayloadBytes: ['totallengthofbwdpackets', 'totallengthofbwdpacket', 'totlenbwdpkts'],
  label: ['label'],
} as const

export type CicCanonical = keyof typeof CIC_CANONICAL

/** Names only CICFlowMeter-style tables have; a header with several of them is a CIC table. */
export const CIC_SIGNATURE = new Set([
  'flowduration', 'flowbytess', 'flowbytss', 'flowpacketss', 'flowpktss', 'flowiatmean', 'flowiatstd', 'fwdiattotal',
  'fwdiattot', 'bwdiattotal', 'bwdiattot', 'fwdpshflags', 'bwdpshflags', 'fwdheaderlength', 'fwdheaderlen',
  'initwinbytesforward', 'fwdinitwinbytes', 'initfwdwinbyts', 'activemean', 'idlemean', 'downupratio',
  'subflowfwdbytes', 'subflowfwdbyts', 'avgbwdsegmentsize', 'bwdsegmentsizeavg', 'totalfwdpackets',
  'totalfwdpacket', 'totfwdpkts', 'packetlengthvariance', 'pktlenvar',
])

/** Columns that are identities or text, never features. */
export const CIC_NOT_FEATURES: ReadonlySet<string> = new Set(['flowid', 'srcip', 'sourceip', 'dstip', 'destinationip', 'timestamp', 'label'])
