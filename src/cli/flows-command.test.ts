import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writePcap } from '../formats/pcap-writer.ts'
import { FLOW_CSV_COLUMNS } from '../flows/flow-csv.ts'
import { runCli as run, udpFrame } from './cli-test-kit.ts'

describe('nettwin flows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nettwin-flows-'))
  const file = join(dir, 'two-flows.pcap')
  // Flow 1: 10.0.0.1:5000 <-> 10.0.0.2:53, request and reply. Flow 2: one datagram 10.0.0.3 -> 10.0.0.2:123,
  // then the same pair again 120 s later: a new flow in zeek mode (1 min UDP timeout), the same in wireshark mode.
  const packets = [
    { time: 100, data: udpFrame(0x0a000001, 0x0a000002, 5000, 53, 30) },
    { time: 100.5, data: udpFrame(0x0a000002, 0x0a000001, 53, 5000, 60) },
    { time: 101, data: udpFrame(0x0a000003, 0x0a000002, 4000, 123, 48) },
    { time: 221, data: udpFrame(0x0a000003, 0x0a000002, 4000, 123, 48) },
  ]
  writeFileSync(file, writePcap(packets, { linkType: 1 }))

  it('writes one CSV row per flow with Zeek column names', async () => {
    const { code, out } = await run(['flows', file])
    expect(code).toBe(0)
    const lines = out.trimEnd().split('\r\n')
    expect(lines[0]).toBe(FLOW_CSV_COLUMNS.join(','))
    expect(lines).toHaveLength(1 + 3)
    const dns = lines.find((l) => l.includes(',53,'))!.split(',')
    const col = (name: string) => dns[FLOW_CSV_COLUMNS.indexOf(name as (typeof FLOW_CSV_COLUMNS)[number])]
    expect(col('id.orig_h')).toBe('10.0.0.1')
    expect(col('id.resp_p')).toBe('53')
    expect(col('conn_state')).toBe('SF')
    expect(col('orig_bytes')).toBe('30')
    expect(col('resp_bytes')).toBe('60')
  })

  it('follows --flow-mode: wireshark keeps the repeated pair as one conversation', async () => {
    const { out } = await run(['flows', file, '--flow-mode', 'wireshark'])
    expect(out.trimEnd().split('\r\n')).toHaveLength(1 + 2)
  })

  it('rejects an unknown mode with exit code 2', async () => {
    const { code, err } = await run(['flows', file, '--flow-mode', 'argus'])
    expect(code).toBe(2)
    expect(err).toContain('--flow-mode')
  })
})
