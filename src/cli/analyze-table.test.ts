import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { TableSummary } from '../analysis/table-summary.ts'
import type { CommandIo } from './command.ts'
import { main } from './main.ts'

const dir = mkdtempSync(join(tmpdir(), 'nettwin-cli-table-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: CommandIo = { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false }
  const code = await main(argv, io)
  return { code, out, err }
}

function write(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** Five NSL-KDD rows (41 features, label, difficulty) and one row with too few fields. */
const kddRow = (proto: string, service: string, flag: string, srcBytes: number, label: string): string =>
  [0, proto, service, flag, srcBytes, 0, ...Array<number>(35).fill(0), label, 20].join(',')
const kdd = write(
  'kdd.txt',
  [kddRow('tcp', 'http', 'SF', 200, 'normal'), kddRow('udp', 'domain_u', 'SF', 40, 'normal'), kddRow('tcp', 'private', 'S0', 0, 'neptune'), kddRow('tcp', 'private', 'S0', 0, 'neptune'), kddRow('icmp', 'ecr_i', 'SF', 1032, 'smurf'), '0,tcp,http,SF'].join('\n') + '\n',
)

const zeek = write(
  'conn.log',
  [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tconn',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes',
    '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tcount\tcount\tcount\tcount',
    '1600000000.000000\tC1\t10.0.0.1\t5000\t10.0.0.2\t53\tudp\tdns\t0.01\t30\t60\tSF\t1\t58\t1\t88',
    '1600000010.500000\tC2\t10.0.0.1\t5001\t10.0.0.3\t443\ttcp\t-\t1.5\t100\t2000\tSF\t5\t300\t4\t2200',
    '#close\t2020-09-13-12-26-50',
  ].join('\n') + '\n',
)

describe('nettwin analyze on tables', () => {
  it('prints records, rejected rows with reasons and labels as JSON for a header-less NSL-KDD table', async () => {
    const r = await run('analyze', kdd, '--json')
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const s = JSON.parse(r.out) as TableSummary
    expect(s.format).toBe('table')
    expect(s.dialect).toBe('nsl-kdd')
    expect(s.records).toBe(5)
    expect(s.rejectedRows.count).toBe(1)
    expect(Object.values(s.rejectedRows.reasons).reduce((a, b) => a + b, 0)).toBe(1)
    expect(s.rejectedRows.examples[0].line).toBe(6)
    expect(s.labels.classes).toEqual({ normal: { rows: 2, flagged: 0 }, neptune: { rows: 2, flagged: 0 }, smurf: { rows: 1, flagged: 0 } })
    expect(s.hasTimestamps).toBe(false)
    expect(s.hasAddresses).toBe(false)
    expect(s.start).toBeNull()
    expect(s.protocols).toEqual({ tcp: 3, icmp: 1, udp: 1 })
    expect(s.bytes).toBe(200 + 40 + 1032)
    expect(s.topTalkers).toEqual([])
  })

  it('summarises a Zeek conn.log with its time span, services and top talkers by bytes', async () => {
    const r = await run('analyze', zeek, '--json')
    expect(r.code).toBe(0)
    const s = JSON.parse(r.out) as TableSummary
    expect(s.dialect).toBe('zeek-tsv')
    expect(s.records).toBe(2)
    expect(s.labels.column).toBeNull()
    expect(s.labels.classes).toEqual({})
    expect(s.start).toBe(1_600_000_000)
    // The end is the last flow's end: 1600000010.5 + its 1.5 s duration.
    expect(s.end).toBe(1_600_000_012)
    expect(s.hasAddresses).toBe(true)
    expect(s.services).toEqual({ dns: 1, https: 1 })
    expect(s.connStates).toEqual({ SF: 2 })
    // orig_ip_bytes + resp_ip_bytes: 146 and 2500; 10.0.0.1 takes part in both.
    expect(s.topTalkers[0]).toEqual({ address: '10.0.0.1', bytes: 2646, records: 2 })
    expect(s.topTalkers.map((t) => t.address).sort()).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3'])
  })

  it('prints the table summary as text', async () => {
    const r = await run('analyze', kdd)
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/Records\s+5\n/)
    expect(r.out).toMatch(/Rejected rows\s+1\n/)
    expect(r.out).toMatch(/neptune\s+2\n/)
    expect(r.out).toContain('Timestamps           none in this dataset')
  })

  it('reads a table as the dialect named by --dialect, and rejects an unknown dialect name', async () => {
    const csv = write('flows.csv', 'when,from,to,size\n1600000000,10.0.0.1,10.0.0.2,100\n1600000001,10.0.0.2,10.0.0.1,50\n')
    const forced = await run('analyze', csv, '--json', '--dialect', 'nsl-kdd')
    expect(forced.code).toBe(0)
    const s = JSON.parse(forced.out) as TableSummary
    expect(s.dialect).toBe('nsl-kdd')
    expect(s.records).toBe(0)
    expect(s.rejectedRows.count).toBe(3)
    const bad = await run('analyze', csv, '--dialect', 'kdd99')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain("unknown --dialect 'kdd99'")
  })

  it('says a table with unknown columns needs a mapping, and plain text is neither a capture nor a table', async () => {
    const odd = write('odd.csv', 'alpha,beta,gamma\nx,y,z\nu,v,w\n')
    const r = await run('analyze', odd)
    expect(r.code).toBe(2)
    expect(r.err).toContain('map its columns')
    const notes = write('notes.txt', 'Agenda\n1. Network review\n2. Budget\nThis is plain text, not a packet capture.\n')
    const t = await run('analyze', notes)
    expect(t.code).toBe(2)
    expect(t.err).toContain('not a pcap or pcapng capture, nor a table')
  })
})
