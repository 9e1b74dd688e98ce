import { CaptureAnalysis } from '../src/analysis/capture-analysis.ts'
import { analyzeCapture } from '../src/analysis/capture-summary.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import { flowSourceOf } from '../src/baseline/flow-source.ts'
import { learnBaseline } from '../src/baseline/learn-baseline.ts'
import { AddressClasses } from '../src/baseline/address-class.ts'
import { flowOutcomes } from '../src/baseline/flow-outcome.ts'
import { learnGlobal } from '../src/baseline/learn-global.ts'
import { learnHosts } from '../src/baseline/learn-hosts.ts'
import { resolvePeriod } from '../src/baseline/period.ts'
import { PacketTaps } from '../src/detect/taps/packet-taps.ts'
const a = new CaptureAnalysis()
const taps = new PacketTaps()
let t = performance.now()
await analyzeCapture(await NodeFileSource.open(process.argv[2]), { analysis: a, onBatch: process.argv[3] === 'taps' ? (b, c) => taps.consume(b, c) : undefined })
console.log('read', performance.now() - t, 'flows', a.flows.count)
t = performance.now(); const src = flowSourceOf(a); console.log('source', performance.now() - t)
t = performance.now(); const cl = new AddressClasses(src.addresses); const o = flowOutcomes(src.columns, src.count, cl); console.log('outcomes', performance.now() - t)
const p = resolvePeriod(src)
t = performance.now(); learnGlobal(src, p, 1, o, cl); console.log('global', performance.now() - t)
t = performance.now(); learnHosts(src, p, 1, 300, o, cl); console.log('hosts', performance.now() - t)
t = performance.now(); learnBaseline(src); console.log('baseline', performance.now() - t)
