/**
 * `node --import tsx bench/result-fingerprint.ts FILE...`: analyses each capture in every flow mode and prints
 * one short hash per part of the result (summary, statistics report, every conversation and endpoint row,
 * window series, host heatmaps, IO graph, every flow record, conn_state counts). A speed change must leave
 * every hash as it was: run this in the tree before and after the change (e.g. an exported copy of the last
 * commit) on the same files and compare the two outputs line by line.
 */
import { createHash } from 'node:crypto'
import { CaptureAnalysis } from '../src/analysis/capture-analysis.ts'
import { analyzeCapture } from '../src/analysis/capture-summary.ts'
import type { ConversationKind } from '../src/analysis/conversations.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import type { FlowModeName } from '../src/flows/flow-modes.ts'

const MODES: readonly FlowModeName[] = ['zeek', 'wireshark', 'cicflowmeter']
const KINDS: readonly ConversationKind[] = ['eth', 'ipv4', 'ipv6', 'tcp', 'udp']
const ALL = Number.MAX_SAFE_INTEGER

/** A short hash of a JSON-able value (non-finite numbers spelled out, so NaN and Infinity count too). */
function digest(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))
  return createHash('sha1').update(json).digest('hex').slice(0, 12)
}

async function fingerprint(path: string, flowMode: FlowModeName): Promise<string> {
  const analysis = new CaptureAnalysis({ flowMode })
  const summary = await analyzeCapture(await NodeFileSource.open(path), { analysis })
  const stats = analysis.stats
  const flows: unknown[] = []
  // Flow records come in pages; read until an empty one.
  for (let offset = 0, pages = 0; pages < 1e6; pages++) {
    const page = analysis.flows.toRecords(analysis.ctx, { offset, limit: ALL })
    if (page.length === 0) break
    flows.push(...page)
    offset += page.length
  }
  const parts: Record<string, unknown> = {
    summary,
    report: analysis.finish(summary.end),
    conversations: KINDS.map((k) => stats.listConversations(k, 'bytes', ALL)),
    endpoints: stats.listEndpoints('bytes', ALL),
    windows: stats.windowSeries(),
    heatmaps: (['packetsOut', 'bytesOut'] as const).map((m) => stats.hostHeatmap(m, 1000)),
    io: stats.ioSeries(1, 100_000),
    flows,
    states: analysis.flows.stateCounts(),
  }
  return Object.entries(parts).map(([k, v]) => `${k}=${digest(v)}`).join(' ')
}

const files = process.argv.slice(2)
if (files.length === 0) {
  process.stderr.write('usage: node --import tsx bench/result-fingerprint.ts FILE...\n')
  process.exit(2)
}
for (const path of files) {
  for (const mode of MODES) {
    let line: string
    try {
      line = await fingerprint(path, mode)
    } catch (e) {
      line = `error ${e instanceof Error ? e.message : String(e)}`
    }
    process.stdout.write(`${path} ${mode} ${line}\n`)
  }
}
