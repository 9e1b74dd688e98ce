import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bytesSource } from '../formats/sources.ts'
import { readTable } from '../formats/tables/read-table.ts'
import type { FlowRecordBatch } from '../formats/tables/table-model.ts'
import { encode } from '../formats/tables/table-test-utils.ts'
import { flood } from './flood.ts'
import { ANY_DETECTOR } from './label-scoring.ts'
import { detectRecords, recordFeatureKind, RECORD_FEATURES_DETECTOR } from './record-features.ts'
import { bit, classifyKdd, hasCode, KddRow, Rc, RULE_PARAMS } from './record-features-rules.ts'
import { classifyUnsw, UnswRow } from './record-features-unsw.ts'
import { detectTable, NO_FLOW_TIMES } from './table-detection.ts'

function kdd(fields: Partial<KddRow>): KddRow {
  return Object.assign(new KddRow(), fields)
}
function unsw(fields: Partial<UnswRow>): UnswRow {
  return Object.assign(new UnswRow(), fields)
}

describe('classifyKdd', () => {
  it('applies the flood detector defaults: half-open attempts in 2 s at >= synRate, >= minPackets', () => {
    expect(RULE_PARAMS.synRate).toBe(flood.params.synRate.default)
    const atRate = RULE_PARAMS.synRate * 2
    const syn = { protocol: 'tcp', service: 'private', flag: 'S0', serrorRate: 1 }
    expect(classifyKdd(kdd({ ...syn, count: Math.max(atRate, RULE_PARAMS.minPackets) }))).toBe(bit(Rc.SynFlood))
    // Below the rate: not a flood (a slower run of SYNs to one service is not the flood detector's finding).
    expect(hasCode(classifyKdd(kdd({ ...syn, count: atRate - 1 })), Rc.SynFlood)).toBe(false)
    // Half-open share under the detector's ratio: a busy server, not a flood.
    expect(classifyKdd(kdd({ ...syn, flag: 'SF', srcBytes: 300, dstBytes: 900, count: 511, serrorRate: RULE_PARAMS.halfOpenRatio - 0.1 }))).toBe(0)
  })

  it('raises ICMP floods from echo traffic to the same host and service, never from ICMP errors', () => {
    const echo = { protocol: 'icmp', service: 'icmp-echo-reply', flag: 'SF', srcBytes: 1032, count: 511, sameSrvRate: 1 }
    expect(classifyKdd(kdd(echo))).toBe(bit(Rc.IcmpFlood))
    expect(hasCode(classifyKdd(kdd({ ...echo, service: 'icmp-unreachable' })), Rc.IcmpFlood)).toBe(false)
  })

  it('finds port scans among scan-like records only (failed or probe-sized)', () => {
    const probe = { protocol: 'tcp', service: 'private', flag: 'REJ', count: RULE_PARAMS.portThreshold, diffSrvRate: 1 }
    expect(classifyKdd(kdd(probe))).toBe(bit(Rc.PortScan))
    expect(classifyKdd(kdd({ ...probe, count: 3 }))).toBe(0)
    // The same window around a completed exchange with data both ways is not scan evidence.
    expect(classifyKdd(kdd({ ...probe, flag: 'SF', srcBytes: 400, dstBytes: 5000 }))).toBe(0)
    // The 100-connection host window counts too.
    expect(classifyKdd(kdd({ ...probe, count: 1, diffSrvRate: 0, dstHostCount: 100, dstHostDiffSrvRate: 0.5 }))).toBe(bit(Rc.PortScan))
  })

  it('finds host sweeps: probes to the same service on other hosts within the fast window', () => {
    const ping = { protocol: 'icmp', service: 'icmp-echo', flag: 'SF', srcBytes: 8, srvCount: RULE_PARAMS.fastHostThreshold, srvDiffHostRate: 1 }
    expect(classifyKdd(kdd(ping))).toBe(bit(Rc.HostSweep))
    expect(classifyKdd(kdd({ ...ping, srvCount: RULE_PARAMS.fastHostThreshold - 1 }))).toBe(0)
  })

  it('finds password guessing on authentication services with failed logins, not on other services', () => {
    const guess = { protocol: 'tcp', service: 'telnet', flag: 'RSTO', duration: 2, srcBytes: 126, dstBytes: 179, numFailedLogins: 1, dstHostSrvCount: RULE_PARAMS.loginThreshold, dstHostSrvRerrorRate: 1 }
    expect(classifyKdd(kdd(guess))).toBe(bit(Rc.BruteForce))
    expect(classifyKdd(kdd({ ...guess, dstHostSrvCount: RULE_PARAMS.loginThreshold - 1 }))).toBe(0)
    // Failures, not connections: a busy service whose window holds many successful sessions is not guessed at.
    expect(classifyKdd(kdd({ ...guess, dstHostSrvCount: 10 * RULE_PARAMS.loginThreshold, dstHostSrvRerrorRate: 0.02 }))).toBe(0)
    expect(classifyKdd(kdd({ ...guess, service: 'http' }))).toBe(0)
    expect(classifyKdd(kdd({ ...guess, duration: RULE_PARAMS.maxAttemptSeconds + 1 }))).toBe(0)
  })

  it('counts refused attempts (REJ) as half-open, as flood.ts counts every SYN without a handshake', () => {
    const atRate = Math.max(RULE_PARAMS.synRate * 2, RULE_PARAMS.minPackets)
    const rej = { protocol: 'tcp', service: 'private', flag: 'REJ', count: atRate, serrorRate: 0.3, rerrorRate: 0.7 }
    expect(hasCode(classifyKdd(kdd(rej)), Rc.SynFlood)).toBe(true)
    expect(hasCode(classifyKdd(kdd({ ...rej, rerrorRate: 0.1 })), Rc.SynFlood)).toBe(false)
  })

  it('marks land and bad-fragment records as the decoders would (an anomaly, not an alert category)', () => {
    expect(classifyKdd(kdd({ protocol: 'tcp', service: 'finger', flag: 'S0', land: 1, count: 1 }))).toBe(bit(Rc.Malformed))
    expect(classifyKdd(kdd({ protocol: 'udp', service: 'private', flag: 'SF', srcBytes: 28, wrongFragment: 3, count: 1 }))).toBe(bit(Rc.Malformed))
    expect(classifyKdd(kdd({ protocol: 'udp', service: 'private', flag: 'SF', srcBytes: 28, count: 1, dstBytes: 40 }))).toBe(0)
  })

  it('uses the 100-connection same-service window for echo requests only', () => {
    const ping = { protocol: 'icmp', service: 'icmp-echo', flag: 'SF', srcBytes: 18, count: 1, srvCount: 1, dstHostSrvCount: 2 * RULE_PARAMS.hostThreshold, dstHostSrvDiffHostRate: 0.5 }
    expect(classifyKdd(kdd(ping))).toBe(bit(Rc.HostSweep))
    expect(classifyKdd(kdd({ ...ping, dstHostSrvDiffHostRate: 0.45 }))).toBe(0)
    // Refused web connections spread over many servers: every client's connections are in that window.
    expect(classifyKdd(kdd({ ...ping, protocol: 'tcp', service: 'http', flag: 'REJ', srcBytes: 0 }))).toBe(0)
  })

  it('never throws and returns a known code for any numbers (NaN, Infinity, negative)', () => {
    const num = fc.oneof(fc.double(), fc.constant(Number.NaN), fc.constant(Infinity), fc.integer({ min: -5, max: 600 }))
    fc.assert(fc.property(fc.array(num, { minLength: 16, maxLength: 16 }), fc.constantFrom('tcp', 'udp', 'icmp', ''), fc.constantFrom('S0', 'REJ', 'SF', ''), fc.constantFrom('telnet', 'icmp-echo', 'http'), (v, protocol, flag, service) => {
      const [duration, srcBytes, dstBytes, numFailedLogins, count, srvCount, serrorRate, rerrorRate, sameSrvRate, diffSrvRate, srvDiffHostRate, dstHostCount, dstHostSrvCount, land, wrongFragment, dstHostSrvDiffHostRate] = v
      const code = classifyKdd(kdd({ protocol, flag, service, duration, srcBytes, dstBytes, numFailedLogins, count, srvCount, serrorRate, rerrorRate, sameSrvRate, diffSrvRate, srvDiffHostRate, dstHostCount, dstHostSrvCount, dstHostDiffSrvRate: diffSrvRate, land, wrongFragment, dstHostSrvDiffHostRate }))
      return Number.isInteger(code) && code >= 0 && code < bit(Rc.Malformed + 1) && (code & 1) === 0
    }), { seed: 6, numRuns: 500 })
  })
})

describe('classifyUnsw', () => {
  it('never throws and returns a mask of known codes for any numbers', () => {
    const num = fc.oneof(fc.double(), fc.constant(Number.NaN), fc.constant(-Infinity), fc.integer({ min: -5, max: 600 }))
    fc.assert(fc.property(fc.array(num, { minLength: 10, maxLength: 10 }), fc.constantFrom('tcp', 'udp', 'icmp', 'gre'), fc.constantFrom('INT', 'REQ', 'FIN', 'RST', ''), (v, protocol, state) => {
      const [duration, spkts, dpkts, sbytes, dbytes, ctSrvSrc, ctSrcDportLtm, ctDstSrcLtm, ctDstLtm, ctSrcLtm] = v
      const code = classifyUnsw(unsw({ protocol, state, service: 'ssh', duration, spkts, dpkts, sbytes, dbytes, ctSrvSrc, ctSrcDportLtm, ctDstSrcLtm, ctDstLtm, ctSrcLtm }))
      return Number.isInteger(code) && code >= 0 && code < bit(Rc.Malformed) && (code & 1) === 0
    }), { seed: 7, numRuns: 500 })
  })

  it('port scan: connections from the source to the host on other ports, unanswered', () => {
    const r = { protocol: 'tcp', state: 'INT', ctDstSrcLtm: RULE_PARAMS.portThreshold, ctSrcDportLtm: 1 }
    expect(classifyUnsw(unsw(r))).toBe(bit(Rc.PortScan))
    expect(classifyUnsw(unsw({ ...r, state: 'FIN', dbytes: 4000 }))).toBe(0)
  })

  it('counts distinct ports as connections over repeats, so a client retrying a few ports is not a scan', () => {
    // 17 unanswered connections to the host, 2 of them to this port: about 8 ports, not the detector's 15.
    expect(classifyUnsw(unsw({ protocol: 'tcp', state: 'REQ', ctDstSrcLtm: 17, ctSrcDportLtm: 2 }))).toBe(0)
    expect(classifyUnsw(unsw({ protocol: 'tcp', state: 'REQ', ctDstSrcLtm: 34, ctSrcDportLtm: 2 }))).toBe(bit(Rc.PortScan))
  })

  it('caps the pair count by its single-address counts when the table has them (the published sets do not agree)', () => {
    const r = { protocol: 'gre', state: 'INT', ctDstSrcLtm: 63, ctSrcDportLtm: 1 }
    expect(classifyUnsw(unsw(r))).toBe(bit(Rc.PortScan))
    expect(classifyUnsw(unsw({ ...r, ctDstLtm: 1, ctSrcLtm: 1 }))).toBe(0)
    expect(classifyUnsw(unsw({ ...r, ctDstLtm: 63, ctSrcLtm: 70 }))).toBe(bit(Rc.PortScan))
  })

  it('host sweep, guessing and refused connections use the per-source counts', () => {
    expect(classifyUnsw(unsw({ protocol: 'tcp', state: 'REQ', ctSrcDportLtm: RULE_PARAMS.hostThreshold + 1, ctDstSrcLtm: 1 }))).toBe(bit(Rc.HostSweep))
    expect(classifyUnsw(unsw({ protocol: 'tcp', service: 'ssh', state: 'RST', duration: 1, sbytes: 600, ctSrvSrc: RULE_PARAMS.loginThreshold }))).toBe(bit(Rc.BruteForce))
    expect(classifyUnsw(unsw({ protocol: 'tcp', service: 'http', state: 'INT', ctSrvSrc: RULE_PARAMS.failedThreshold }))).toBe(bit(Rc.BruteForce))
    expect(classifyUnsw(unsw({ protocol: 'tcp', service: 'http', state: 'INT', ctSrvSrc: RULE_PARAMS.failedThreshold - 1 }))).toBe(0)
  })

  it('udp flood: one flow at >= udpRate with no answers and >= minPackets', () => {
    const r = { protocol: 'udp', state: 'INT', spkts: RULE_PARAMS.minPackets, duration: RULE_PARAMS.minPackets / RULE_PARAMS.udpRate }
    expect(classifyUnsw(unsw(r))).toBe(bit(Rc.UdpFlood))
    expect(classifyUnsw(unsw({ ...r, duration: (2 * RULE_PARAMS.minPackets) / RULE_PARAMS.udpRate }))).toBe(0)
  })
})

/** A KDD line: only the fields the rules read are set, the rest 0. */
function kddLine(opts: { protocol: string; service: string; flag: string; count: number; serror: number; diffSrv: number; label: string; src?: number; dst?: number }): string {
  const f: (string | number)[] = new Array<string | number>(41).fill(0)
  f[1] = opts.protocol
  f[2] = opts.service
  f[3] = opts.flag
  f[4] = opts.src ?? 0
  f[5] = opts.dst ?? 0
  f[22] = opts.count
  f[23] = opts.count
  f[24] = opts.serror.toFixed(2)
  f[28] = (1 - opts.diffSrv).toFixed(2)
  f[29] = opts.diffSrv.toFixed(2)
  return `${f.join(',')},${opts.label},20`
}

async function readBatches(text: string): Promise<FlowRecordBatch[]> {
  const batches: FlowRecordBatch[] = []
  await readTable(bytesSource(encode(text), 'table', 4096), { onFlows: (b) => batches.push(b) })
  return batches
}

describe('record-feature mode on a table', () => {
  const lines = [
    ...Array.from({ length: 3 }, () => kddLine({ protocol: 'tcp', service: 'private', flag: 'S0', count: 300, serror: 1, diffSrv: 0.05, label: 'neptune' })),
    ...Array.from({ length: 2 }, () => kddLine({ protocol: 'tcp', service: 'private', flag: 'REJ', count: 40, serror: 0, diffSrv: 1, label: 'satan' })),
    ...Array.from({ length: 4 }, () => kddLine({ protocol: 'tcp', service: 'http', flag: 'SF', count: 5, serror: 0, diffSrv: 0, label: 'normal', src: 230, dst: 4500 })),
    kddLine({ protocol: 'tcp', service: 'http', flag: 'S0', count: 300, serror: 1, diffSrv: 0, label: 'normal' }),
  ]

  it('groups flagged records into alerts by category and service, with record numbers as evidence', async () => {
    const batches = await readBatches(lines.join('\n') + '\n')
    expect(recordFeatureKind(batches)).toBe('kdd')
    const { report, flags } = detectRecords(batches, 'kdd')
    const syn = bit(Rc.SynFlood)
    const scan = bit(Rc.PortScan)
    // The neptune-like rows are half-open at a flood rate across many services: both findings, as in a capture.
    expect(Array.from(flags.codes)).toEqual([syn | scan, syn | scan, syn | scan, scan, scan, 0, 0, 0, 0, syn])
    const byKey = new Map(report.alerts.map((a) => [`${a.category} ${a.explanation.split(' ')[1]}`, a]))
    expect(byKey.get('syn-flood private')?.evidence).toEqual([0, 1, 2])
    expect(byKey.get('syn-flood http')?.evidence).toEqual([9])
    expect(byKey.get('port-scan private')?.evidence).toEqual([0, 1, 2, 3, 4])
    expect(report.detection.skipped).toBeNull()
  })

  it('replaces the skip in detectTable and scores the labels per class', async () => {
    const found = detectTable(await readBatches(lines.join('\n') + '\n'))
    expect(found.report.detection.detectors.map((d) => d.id)).toEqual([RECORD_FEATURES_DETECTOR])
    expect(found.scores?.flaggedByClass).toEqual({ neptune: 3, satan: 2, normal: 1 })
    expect(found.scores?.confusion[ANY_DETECTOR]).toEqual({ tp: 5, fp: 1, fn: 0, tn: 4 })
  })

  it('still reports a skip for tables without times or window features', async () => {
    expect(detectTable([]).report.detection.skipped).toBe(NO_FLOW_TIMES)
    const [b] = await readBatches(lines.join('\n') + '\n')
    const noWindows: FlowRecordBatch = { ...b, featureNames: b.featureNames.map((n) => (n === 'count' ? 'other' : n)) }
    expect(recordFeatureKind([noWindows])).toBeNull()
    expect(detectTable([noWindows]).report.detection.skipped).toBe(NO_FLOW_TIMES)
    expect(recordFeatureKind([{ ...b, dialect: 'cicids' }])).toBeNull()
  })
})
