/**
 * The table dialects nettwin reads, in priority order (a tie in sniff confidence goes to the earlier one).
 * The generic dialects come last: they read anything with recognisable columns, so they only win when no
 * specific dialect does.
 */
import { argus } from './argus.ts'
import { cicids } from './cicids.ts'
import type { TableDialect } from './dialect.ts'
import { genericFlowCsv } from './generic-flow-csv.ts'
import { genericPacketCsv } from './generic-packet-csv.ts'
import { nslKdd } from './nsl-kdd.ts'
import { suricataEve } from './suricata-eve.ts'
import type { TableDialectId } from './table-model.ts'
import { unswNb15 } from './unsw-nb15.ts'
import { wiresharkCsv } from './wireshark-csv.ts'
import { zeekJson } from './zeek-json.ts'
import { zeekTsv } from './zeek-tsv.ts'

export const dialects: readonly TableDialect[] = [
  zeekTsv, zeekJson, suricataEve, cicids, unswNb15, nslKdd, argus, wiresharkCsv, genericPacketCsv, genericFlowCsv,
]

export function dialectById(id: TableDialectId): TableDialect {
  const d = dialects.find((x) => x.id === id)
  if (d === undefined) throw new RangeError(`unknown table dialect ${id}`)
  return d
}
