/**
 * The labelled-table part of `npm run eval`. Flow tables that carry addresses and times (Zeek conn.log, Argus
 * binetflow, CIC-IDS2017 rows) are read with src/formats/tables, turned into a flow source
 * (baseline/table-flow-source.ts) and run through detectAll like a capture:
 *  1. tables whose label says which attack they hold: was the category raised naming the attacker/victim?
 *  2. tables labelled per row: per class, the share of rows cited as evidence by an alert (recall for attack
 *     classes, false-positive rate for the benign class).
 * NSL-KDD and the UNSW-NB15 training/testing sets carry no addresses or timestamps (only per-record features,
 * some of them precomputed window counts), so host- and time-based detectors have nothing to group: they are
 * listed as not evaluated.
 */
import { join } from 'node:path'
import { tableFlowSource, type TableFlowSource } from '../src/baseline/table-flow-source.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import type { AlertCategory } from '../src/detect/alert.ts'
import { detectAll, type DetectAllResult } from '../src/detect/run-detectors.ts'
import { readTable } from '../src/formats/tables/read-table.ts'
import type { FlowRecordBatch } from '../src/formats/tables/table-model.ts'

interface TableExpectation {
  readonly file: string
  readonly label: string
  readonly categories: readonly AlertCategory[]
  readonly attacker?: string
  readonly victim?: string
}

const TABLE_EXPECTATIONS: readonly TableExpectation[] = [
  { file: 'csv/zeek-slips/port-scans-vertical-conn.log', label: 'vertical port scan', categories: ['port-scan'], attacker: '192.168.1.9', victim: '45.33.32.156' },
  { file: 'csv/zeek-slips/port-scans-horizontal-conn.log', label: 'horizontal port scan', categories: ['host-sweep', 'port-scan'], attacker: '10.0.2.112' },
  { file: 'csv/argus-binetflow/test3-mixed.binetflow', label: 'horizontal scan of 3389/tcp from 46.166.151.160', categories: ['host-sweep'], attacker: '46.166.151.160' },
  { file: 'csv/argus-binetflow/test4-malicious.binetflow', label: 'horizontal scan of 81/tcp from 192.168.2.12', categories: ['host-sweep'], attacker: '192.168.2.12' },
  { file: 'csv/argus-binetflow/test11-portscan.binetflow', label: 'port scan', categories: ['port-scan', 'host-sweep'], attacker: '10.8.0.69' },
]

const PER_ROW = ['csv/cicids2017-improved/Heartbleed_11.csv', 'csv/cicids2017-improved/Infiltration_36.csv', 'csv/cicids2017-improved/Web_Attack_-_SQL_Injection_13.csv']
const NOT_EVALUATED = ['csv/nsl-kdd/KDDTrain+_20Percent.txt', 'csv/unsw-nb15/UNSW_NB15_testing-set_first4528.csv']

async function readFlows(path: string): Promise<TableFlowSource> {
  const batches: FlowRecordBatch[] = []
  await readTable(await NodeFileSource.open(path), { onFlows: (b) => batches.push(b) })
  return tableFlowSource(batches)
}

function pad(s: string | number, n: number): string {
  const t = String(s)
  return t.length >= n ? t.slice(0, n) : t + ' '.repeat(n - t.length)
}

async function detect(path: string): Promise<{ source: TableFlowSource; result: DetectAllResult } | string> {
  try {
    const source = await readFlows(path)
    return { source, result: detectAll(source, { fileName: path }) }
  } catch (e) {
    return e instanceof Error ? e.message.slice(0, 120) : String(e)
  }
}

export async function evalTables(corpus: string, verbose: boolean): Promise<void> {
  console.log('\n== Labelled flow tables (Zeek conn.log, Argus): category raised naming the right attacker/victim')
  console.log(`${pad('table', 50)} ${pad('expected', 22)} ${pad('flows', 6)} ${pad('found', 6)} categories raised`)
  let found = 0
  for (const e of TABLE_EXPECTATIONS) {
    const r = await detect(join(corpus, e.file))
    if (typeof r === 'string') {
      console.log(`${pad(e.file.replace('csv/', ''), 50)} ${pad(e.categories.join('|'), 22)} ${pad('-', 6)} ERROR  ${r}`)
      continue
    }
    const alerts = r.result.alerts
    const hit = alerts.some((a) => e.categories.includes(a.category) && (e.attacker === undefined || a.src.includes(e.attacker)) && (e.victim === undefined || a.dst.includes(e.victim)))
    if (hit) found++
    console.log(`${pad(e.file.replace('csv/', ''), 50)} ${pad(e.categories.join('|'), 22)} ${pad(r.source.count, 6)} ${pad(hit ? 'yes' : 'no', 6)} ${[...new Set(alerts.map((a) => a.category))].join(',')}`)
    if (verbose) for (const a of alerts.slice(0, 6)) console.log(`    ${a.category} ${a.severity} src=${a.src.slice(0, 2).join(',')} dst=${a.dst.slice(0, 2).join(',')} | ${a.explanation.slice(0, 150)}`)
  }
  console.log(`Labelled flow tables found with the right category and host: ${found}/${TABLE_EXPECTATIONS.length}`)

  console.log('\n== Tables labelled per row: share of each class\'s rows cited as alert evidence (flagged)')
  console.log(`${pad('table', 50)} ${pad('class', 28)} ${pad('rows', 6)} ${pad('flagged', 8)} categories raised`)
  for (const file of PER_ROW) {
    const r = await detect(join(corpus, file))
    if (typeof r === 'string') {
      console.log(`${pad(file.replace('csv/', ''), 50)} ERROR ${r}`)
      continue
    }
    const flagged = new Set(r.result.alerts.flatMap((a) => a.evidence))
    const perClass = new Map<string, { rows: number; flagged: number }>()
    for (let id = 0; id < r.source.count; id++) {
      const name = r.source.labelNames[r.source.labelOf[id]] || '(unlabelled)'
      const e = perClass.get(name) ?? { rows: 0, flagged: 0 }
      e.rows++
      if (flagged.has(id)) e.flagged++
      perClass.set(name, e)
    }
    const cats = [...new Set(r.result.alerts.map((a) => a.category))].join(',')
    for (const [name, e] of perClass) console.log(`${pad(file.replace('csv/', ''), 50)} ${pad(name, 28)} ${pad(e.rows, 6)} ${pad(`${((100 * e.flagged) / e.rows).toFixed(0)}%`, 8)} ${cats}`)
  }
  console.log('(These CIC-IDS2017 samples hold attack rows only, a few dozen each: no false-positive rate can be measured on them.)')
  console.log('\n== Not evaluated: records without addresses or timestamps')
  for (const file of NOT_EVALUATED) console.log(`  ${file}: per-record features only; nettwin's detectors group flows by host and time`)
}
