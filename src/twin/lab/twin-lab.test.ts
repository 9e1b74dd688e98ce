import { describe, expect, it } from 'vitest'
import { buildWebMix } from '../../../scripts/make-samples.ts'
import { CaptureAnalysis } from '../../analysis/capture-analysis.ts'
import { analyzeCapture } from '../../analysis/capture-summary.ts'
import { baselineToJSON } from '../../baseline/baseline-json.ts'
import { flowSourceOf } from '../../baseline/flow-source.ts'
import { detectAll } from '../../detect/run-detectors.ts'
import { bytesSource } from '../../formats/sources.ts'
import { LABELS_HEADER } from '../labels/labels-csv.ts'
import { learnTwinFromFlows } from '../model/learn-from-analysis.ts'
import { lessonPack, packScenarioSet } from '../packs/lesson-packs.ts'
import { scenarioSetToJSON } from '../scenarios/schema.ts'
import { fileStem } from './lab-export.ts'
import { formatIntensity } from './lab-run.ts'
import { MAX_TWIN_BYTES, MAX_TWIN_PACKETS, packetCap, TwinLab, type CaptureInput } from './twin-lab.ts'

async function webMix(): Promise<CaptureInput> {
  const { bytes } = buildWebMix()
  const analysis = new CaptureAnalysis()
  const summary = await analyzeCapture(bytesSource(bytes, 'web-mix.pcapng'), { analysis })
  return { analysis, linkTypes: summary.linkTypes, file: new Blob([bytes as BlobPart]), name: 'web-mix.pcapng' }
}

async function head(blob: Blob, n: number): Promise<number[]> {
  return [...new Uint8Array(await blob.slice(0, n).arrayBuffer())]
}

function scansSet(span: number): unknown {
  const pack = lessonPack('scans')
  if (pack === null) throw new Error('no scans pack')
  // What crosses to the worker is the scenario file's form, as the builder writes it.
  return JSON.parse(scenarioSetToJSON(packScenarioSet(pack, span, 3)))
}

describe('TwinLab', () => {
  it('builds the twin of a capture, measures it, runs the scans pack, scores it and exports pcap, pcapng and labels', async () => {
    const lab = new TwinLab()
    const capture = await webMix()
    const stages: string[] = []
    const built = await lab.build({ basis: { kind: 'capture', run: 1 }, durationSeconds: null, seed: 5 }, capture, (p) => stages.push(p.stage))
    if (!built.ok) throw new Error(built.message)
    const o = built.value
    expect(stages.length).toBeGreaterThan(0)
    // The sample lasts 31.5 s: the twin gets the default lesson length instead.
    expect(o.twin.end - o.twin.start).toBeGreaterThan(500)
    expect(o.fidelity).not.toBeNull()
    for (const v of [o.fidelity?.protocolJsd, o.fidelity?.portJsd, o.fidelity?.sizeEmd, o.fidelity?.durationEmd, o.fidelity?.interArrivalEmd]) {
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThanOrEqual(1)
    }
    expect(o.generated.packets).toBeGreaterThan(1000)
    // The twin keeps the capture's addresses, so the builder can offer the same hosts for both.
    const captureHosts = new Set(o.capture?.hosts.map((h) => h.ip))
    expect(o.twin.hosts.filter((h) => captureHosts.has(h.ip)).length).toBeGreaterThan(0)
    expect(o.catalog.map((k) => k.id)).toContain('port-scan')
    expect(o.packs.map((p) => p.id)).toContain('scans')
    expect(JSON.parse(JSON.stringify(o))).toEqual(o)

    const before = await lab.export('labels-csv')
    expect(before.ok).toBe(false)

    const ran = await lab.run({ target: 'twin', scenarios: scansSet(o.twin.end - o.twin.start), sweep: false })
    if (!ran.ok) throw new Error(ran.message)
    const r = ran.value
    const scan = r.scorecard.scenarios.find((s) => s.scenario.kind === 'port-scan')
    expect(scan?.caught).toBe(true)
    expect(scan?.cells.find((c) => c.detector === 'port-scan')?.detected).toBe(true)
    expect(r.injectedPackets).toBeGreaterThan(1000)
    expect(r.summary).toContain('Vertical port scan')
    expect(r.curves).toEqual([])

    const twinPcap = await lab.export('twin-pcap')
    const twinPcapng = await lab.export('twin-pcapng')
    const injectedPcap = await lab.export('injected-pcap')
    const injectedPcapng = await lab.export('injected-pcapng')
    const labels = await lab.export('labels-csv')
    if (!twinPcap.ok || !twinPcapng.ok || !injectedPcap.ok || !injectedPcapng.ok || !labels.ok) throw new Error('an export failed')
    // pcap with nanosecond times, little-endian (a1b23c4d); pcapng opens with a Section Header Block.
    expect(await head(twinPcap.value.blob, 4)).toEqual([0x4d, 0x3c, 0xb2, 0xa1])
    expect(await head(injectedPcap.value.blob, 4)).toEqual([0x4d, 0x3c, 0xb2, 0xa1])
    expect(await head(twinPcapng.value.blob, 4)).toEqual([0x0a, 0x0d, 0x0d, 0x0a])
    expect(await head(injectedPcapng.value.blob, 4)).toEqual([0x0a, 0x0d, 0x0d, 0x0a])
    expect(twinPcap.value.fileName).toBe('web-mix-twin.pcap')
    // The pcapng is generated again from the same model and seed: the same packets.
    for (const b of [twinPcap.value.blob, twinPcapng.value.blob]) {
      expect((await analyzeCapture(bytesSource(new Uint8Array(await b.arrayBuffer())), {})).packets).toBe(o.generated.packets)
    }
    expect(labels.value.fileName).toBe('web-mix-twin-labels.csv')

    // The pcap export (injected again) holds the same packets as the pcapng the run wrote.
    const again = await analyzeCapture(bytesSource(new Uint8Array(await injectedPcap.value.blob.arrayBuffer())), {})
    expect(again.packets).toBe(r.ordinaryPackets + r.injectedPackets)
    const text = await labels.value.blob.text()
    const lines = text.trimEnd().split('\r\n')
    expect(lines[0]).toBe(LABELS_HEADER.join(','))
    // Packet rows cover every injected frame exactly once.
    let frames = 0
    for (const line of lines.slice(1)) {
      const cells = line.split(',')
      if (cells[0] === 'packet') frames += Number(cells[2]) - Number(cells[1]) + 1
    }
    expect(frames).toBe(r.injectedPackets)
    expect(lines.some((l) => l.startsWith('flow,'))).toBe(true)
  }, 120_000)

  it('sweeps a scenario for its sensitivity curve, and a cancel answers cancelled', async () => {
    const lab = new TwinLab()
    const built = await lab.build({ basis: { kind: 'capture', run: 1 }, durationSeconds: 300, seed: 2 }, await webMix())
    if (!built.ok) throw new Error(built.message)
    const set = { version: 1, seed: 4, scenarios: [{ kind: 'port-scan', start: 100, duration: 30 }] }
    const swept = await lab.run({ target: 'twin', scenarios: set, sweep: true })
    if (!swept.ok) throw new Error(swept.message)
    const curve = swept.value.curves[0]
    expect(curve.points.map((p) => p.intensity)).toEqual([1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1])
    // Fewer probes at lower intensity: the attack's packet count falls with it.
    expect(curve.points[0].attackPackets).toBeLessThan(curve.points[5].attackPackets)
    expect(curve.points[5].caught).toBe(true)

    const running = lab.run({ target: 'twin', scenarios: set, sweep: true })
    lab.cancel()
    const cancelled = await running
    expect(cancelled.ok).toBe(false)
    expect(!cancelled.ok && cancelled.cancelled).toBe(true)
  }, 120_000)

  it('injects into the real capture, refuses bad scenario sets, and builds from a baseline without fidelity', async () => {
    const lab = new TwinLab()
    const capture = await webMix()
    const built = await lab.build({ basis: { kind: 'capture', run: 1 }, durationSeconds: 120, seed: 1 }, capture)
    if (!built.ok) throw new Error(built.message)
    const bad = await lab.run({ target: 'twin', scenarios: { version: 1, scenarios: [{ kind: 'port-scan', evil: 1 }] }, sweep: false })
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.message).toMatch(/unknown key "evil"/)
    const empty = await lab.run({ target: 'twin', scenarios: { version: 1, scenarios: [] }, sweep: false })
    expect(!empty.ok && empty.message).toMatch(/at least one scenario/)
    const real = await lab.run({ target: 'capture', scenarios: { version: 1, scenarios: [{ kind: 'port-scan', start: 5, duration: 20 }] }, sweep: false })
    if (!real.ok) throw new Error(real.message)
    expect(real.value.ordinaryPackets).toBe(buildWebMix().packets)
    expect(real.value.injectedPackets).toBeGreaterThan(0)
    const named = await lab.export('injected-pcapng')
    expect(named.ok && named.value.fileName).toBe('web-mix-capture-injected.pcapng')

    const baseline = detectAll(capture.analysis).baseline
    if (baseline === null) throw new Error('no baseline learned from the sample')
    const fromBaseline = await lab.build({ basis: { kind: 'baseline', json: baselineToJSON(baseline), name: 'saved session' }, durationSeconds: 120, seed: 1 }, null)
    if (!fromBaseline.ok) throw new Error(fromBaseline.message)
    expect(fromBaseline.value.fidelity).toBeNull()
    expect(fromBaseline.value.capture).toBeNull()
    expect(fromBaseline.value.generated.packets).toBeGreaterThan(0)
    const noCapture = await lab.run({ target: 'capture', scenarios: { version: 1, scenarios: [{ kind: 'port-scan' }] }, sweep: false })
    expect(!noCapture.ok && noCapture.message).toMatch(/baseline/)
    const junk = await lab.build({ basis: { kind: 'baseline', json: '{"version": 1, "__proto__": {}}', name: 'x' }, durationSeconds: 60, seed: 1 }, null)
    expect(junk.ok).toBe(false)
  }, 120_000)

  it('keeps the twin in memory within MAX_TWIN_BYTES, however large the frames', async () => {
    const model = learnTwinFromFlows(flowSourceOf((await webMix()).analysis), {})
    const withShapes = (shape: readonly [number, number, number, number, number, number]) => ({ ...model, services: model.services.map((s) => ({ ...s, shapes: [shape] })) })
    // 10 packets of 16,000 bytes per flow: 16 KB frames (a capture with segmentation offload).
    expect(packetCap(withShapes([5, 5, 80_000, 80_000, 1, 0]))).toBe(Math.floor(MAX_TWIN_BYTES / 16_000))
    // Small frames: the packet limit itself.
    expect(packetCap(withShapes([5, 5, 300, 300, 1, 0]))).toBe(MAX_TWIN_PACKETS)
    expect(packetCap({ ...model, services: [] })).toBe(Math.min(MAX_TWIN_PACKETS, Math.floor(MAX_TWIN_BYTES / 1514)))
  })

  it('names files safely and writes intensities as fractions', () => {
    expect(fileStem('web-mix.pcapng')).toBe('web-mix')
    expect(fileStem('../../evil <b>name</b>.pcap')).toBe('evil_b_name_b_')
    expect(fileStem('...')).toBe('capture')
    expect([1 / 32, 0.5, 1, 0.3].map(formatIntensity)).toEqual(['1/32', '1/2', '1', '0.3'])
  })
})
