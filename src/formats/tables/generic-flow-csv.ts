/**
 * Flow tables no specific dialect knows, read through a column mapping: proposed from the header names and
 * sample values (mapping.ts), corrected by the user in the mapping dialog, applied by mapping-apply.ts.
 */
import { genericDialect } from './generic-packet-csv.ts'

export const genericFlowCsv = genericDialect('generic-flow-csv', 'flows', 'Flow table (mapped columns)')
