/**
 * `node --import tsx bench/decode-only.ts FILE`: reads and decodes FILE into packet batches and nothing else
 * (no flows, no statistics), for the benchmark's "reading + decoding" row. Prints the packet count as JSON on
 * stdout and the same timing line as `nettwin analyze --timing` on stderr.
 */
import { decodeCapture } from '../src/analysis/decode-capture.ts'
import { timingLine } from '../src/cli/analyze-command.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import { DecodeContext } from '../src/decode/context.ts'

const path = process.argv[2]
if (path === undefined) {
  process.stderr.write('usage: node --import tsx bench/decode-only.ts FILE\n')
  process.exit(2)
}
const started = performance.now()
const source = await NodeFileSource.open(path)
let packets = 0
await decodeCapture(source, new DecodeContext(), (batch) => {
  packets += batch.count
  batch.reset()
  return batch
})
process.stderr.write(`${timingLine(source.size, packets, (performance.now() - started) / 1000)}\n`)
process.stdout.write(`${JSON.stringify({ packets })}\n`)
