import { CaptureAnalysis } from '../src/analysis/capture-analysis.ts'
import { analyzeCapture } from '../src/analysis/capture-summary.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import { flowSourceOf } from '../src/baseline/flow-source.ts'
import { DetectContext } from '../src/detect/context.ts'
import { firstContacts } from '../src/detect/first-contacts.ts'
import { Outcome } from '../src/baseline/flow-outcome.ts'
const a = new CaptureAnalysis()
await analyzeCapture(await NodeFileSource.open(process.argv[2]), { analysis: a })
const ctx = new DetectContext(flowSourceOf(a), null, null)
let t = performance.now()
const o = ctx.outcomes
console.log('outcomes', performance.now() - t, [0, 1, 2].map((k) => o.filter((x) => x === k).length))
t = performance.now()
const fc = firstContacts(ctx)
let hosts = 0, svcs = 0
for (const s of fc.values()) { hosts += s.hosts.length; for (const l of s.services.values()) svcs += l.length }
console.log('contacts', performance.now() - t, fc.size, hosts, svcs, 'addresses', ctx.source.addresses.size)
