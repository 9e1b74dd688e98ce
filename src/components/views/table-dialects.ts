/**
 * The table dialects the user can choose from to override detection, with their names for people. Kept here
 * rather than imported from src/formats/tables/dialects.ts so the page bundle does not carry every table reader
 * (they run in the worker); the Record type makes the compiler insist on one entry per dialect id.
 */
import type { TableDialectId } from '../../formats/tables/index.ts'

export const DIALECT_NAMES: Readonly<Record<TableDialectId, string>> = {
  'nsl-kdd': "NSL-KDD / KDD'99",
  cicids: 'CIC-IDS2017 / CICFlowMeter',
  'unsw-nb15': 'UNSW-NB15',
  'zeek-tsv': 'Zeek log (TSV)',
  'zeek-json': 'Zeek log (JSON lines)',
  argus: 'Argus binetflow',
  'suricata-eve': 'Suricata eve.json',
  'wireshark-csv': 'Wireshark CSV export',
  'generic-packet-csv': 'Packet table (columns guessed)',
  'generic-flow-csv': 'Flow table (columns guessed)',
}

export const DIALECT_IDS = Object.keys(DIALECT_NAMES) as TableDialectId[]
