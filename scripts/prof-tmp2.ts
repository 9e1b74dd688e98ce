import { CaptureAnalysis } from '../src/analysis/capture-analysis.ts'
import { analyzeCapture } from '../src/analysis/capture-summary.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import { detectAll } from '../src/detect/run-detectors.ts'
import { PacketTaps } from '../src/detect/taps/packet-taps.ts'
const a = new CaptureAnalysis()
const taps = new PacketTaps()
let t = performance.now()
await analyzeCapture(await NodeFileSource.open(process.argv[2]), { analysis: a, onBatch: (b, c) => taps.consume(b, c) })
console.log('read', performance.now() - t, 'flows', a.flows.count)
for (let i = 0; i < 3; i++) {
  t = performance.now(); const r = detectAll(a, { taps }); console.log('detect', performance.now() - t, r.detectors.filter((d) => d.milliseconds > 10).map((d) => `${d.id}:${d.milliseconds.toFixed(0)}`).join(' '))
}
