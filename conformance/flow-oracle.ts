/**
 * The recorded tshark oracle for conversations by transport: conformance/expected/tshark-flows.json, made by
 * `npm run oracle -- --flows` (scripts/oracle.ts) with `tshark -n -q -z conv,tcp -z conv,udp` per capture.
 * Kept apart from tshark.json so either can be refreshed without rewriting the other.
 */
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TsharkFlowCounts } from '../scripts/tshark-conversations.ts'

export const flowOraclePath = join(resolve(dirname(fileURLToPath(import.meta.url))), 'expected', 'tshark-flows.json')

/** The corpus directories whose captures the flow oracle covers (the malformed ones are only survived). */
export const FLOW_DIRS = ['pcap', 'pcapng', 'labelled'] as const

/** One capture's entry in tshark-flows.json. */
export interface FlowOracleEntry extends TsharkFlowCounts {
  /** File size, so a changed corpus file shows up as a stale oracle rather than as a flow bug. */
  readonly size: number
  readonly exitCode: number | null
  readonly timedOut: boolean
  /** tshark's first complaint on stderr, or null. */
  readonly warning: string | null
}

export interface FlowOracleFile {
  /** First line of `tshark --version`. */
  readonly tool: string
  readonly command: string
  readonly files: Record<string, FlowOracleEntry>
}
