/**
 * Traffic tables (CSV, TSV, JSON lines) as flow and packet records: the public face of src/formats/tables.
 * readTable() reads a ByteSource through a dialect sniffed from its content (or chosen, or a column mapping);
 * sniffTable() names the dialect from the first bytes; proposeMapping()/applyMapping() serve the mapping dialog.
 */
export { readTable, sniffTable, MIN_CONFIDENCE } from './read-table.ts'
export type { ReadTableOptions, SniffResult, TableProgress, TableReport } from './read-table.ts'
export { dialects, dialectById } from './dialects.ts'
export type { FeatureVectors, TableDialect } from './dialect.ts'
export { proposeMapping, applyMapping, checkMapping, looksLikeHeader } from './mapping.ts'
export type { CanonicalField, ColumnMapping, FieldChoice, MappingProposal } from './mapping.ts'
export { proposeFromHead } from './generic-packet-csv.ts'
export { flowRecordAt, packetRecordAt, NO_PORT } from './table-model.ts'
export type { FlowRecord, FlowRecordBatch, PacketRecord, PacketRecordBatch, TableDialectId, TableFact } from './table-model.ts'
export type { RejectedRows, TableCallbacks } from './table-session.ts'
export type { LabelClasses } from './label-table.ts'
export { RowReader, TableError } from './row-reader.ts'
export type { Delimiter, RowReaderOptions, RowRejectReason, RowSink } from './row-reader.ts'
export type { RowFields } from './row-fields.ts'
export { JsonLinesReader, own } from './json-lines.ts'
export { parseTableTime } from './table-times.ts'
export { strictDecimal, NumberReader } from './numbers.ts'
