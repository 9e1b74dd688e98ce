/**
 * Reads what the Zeek conn.log baselines of ../shared/corpus/csv/zeek-baselines hold
 * (https://docs.zeek.org/en/master/logs/conn.html): Zeek's TSV logs with "#fields" headers, or btest's
 * zeek-cut output whose first line names the columns. btest masks times ("XXXXXXXXXX.XXXXXX"), so `ts` is null
 * then. Also reads conformance/zeek-trace-map.tsv, which names the trace each baseline was made from.
 */
export interface ConnLogRow {
  /** Seconds since the epoch, or null when the baseline masks it. */
  readonly ts: number | null
  readonly proto: string | null
  readonly origH: string | null
  readonly origP: string | null
  readonly respH: string | null
  readonly respP: string | null
  readonly connState: string | null
  readonly history: string | null
}

export interface ConnLog {
  readonly fields: readonly string[]
  readonly rows: readonly ConnLogRow[]
}

export function parseConnLog(text: string): ConnLog {
  let fields: string[] | null = null
  let unset = '-'
  const rows: ConnLogRow[] = []
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '')
    if (line === '' || line.startsWith('###')) continue
    if (line.startsWith('#')) {
      const cells = line.split('\t')
      if (cells[0] === '#fields') fields = cells.slice(1)
      else if (cells[0] === '#unset_field' && cells.length > 1) unset = cells[1]
      continue
    }
    const cells = line.split('\t')
    if (fields === null) {
      fields = cells // zeek-cut -m: the first line names the columns
      continue
    }
    const at = (name: string): string | null => {
      const i = (fields as string[]).indexOf(name)
      const v = i >= 0 ? cells[i] : undefined
      return v === undefined || v === unset ? null : v
    }
    const ts = at('ts')
    rows.push({
      ts: ts !== null && /^\d+(\.\d+)?$/.test(ts) ? Number(ts) : null,
      proto: at('proto'), origH: at('id.orig_h'), origP: at('id.orig_p'), respH: at('id.resp_h'), respP: at('id.resp_p'),
      connState: at('conn_state'), history: at('history'),
    })
  }
  return { fields: fields ?? [], rows }
}

export interface TraceMapEntry {
  readonly btest: string
  readonly log: string
  /** Path relative to the corpus root. */
  readonly trace: string
  readonly comparable: boolean
  /** The map's "comparable" cell: "yes", or "no: why". */
  readonly note: string
}

/** Parses zeek-trace-map.tsv (btest, log, trace, evidence, comparable; '#' comments and a header row). */
export function parseTraceMap(text: string): TraceMapEntry[] {
  const out: TraceMapEntry[] = []
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '')
    if (line.trim() === '' || line.startsWith('#')) continue
    const c = line.split('\t')
    if (c[0] === 'btest') continue
    if (c.length < 5) throw new Error(`zeek-trace-map.tsv: expected 5 cells in "${line}"`)
    out.push({ btest: c[0], log: c[1], trace: c[2], comparable: c[4] === 'yes', note: c[4] })
  }
  return out
}
