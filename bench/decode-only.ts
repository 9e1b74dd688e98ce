/**
 * `node --import tsx bench/decode-only.ts FILE`: reads and decodes FILE into packet batches and nothing else
 * (no flows, no statistics), for the benchmark's "reading + decoding" row. Prints the packet count as JSON on
 * stdout and the same timing line as `nettwin analyze --timing` on stderr, followed by the CPU time of the same
 * span (user + system, all threads of the process) in seconds and nanoseconds per packet: on a shared machine
 * wall time varies by half between runs, CPU time much less.
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
const cpuStarted = process.cpuUsage()
const source = await NodeFileSource.open(path)
let packets = 0
await decodeCapture(source, new DecodeContext(), (batch) => {
  packets += batch.count
  batch.reset()
  return batch
})
const seconds = (performance.now() - started) / 1000
const cpu = process.cpuUsage(cpuStarted)
const cpuSeconds = (cpu.user + cpu.system) / 1e6
process.stderr.write(`${timingLine(source.size, packets, seconds)}\n`)
process.stderr.write(
  `nettwin: cpu: ${cpuSeconds.toFixed(3)} s (user ${(cpu.user / 1e6).toFixed(3)}, system ${(cpu.system / 1e6).toFixed(3)}), ` +
    `${packets > 0 ? ((cpuSeconds * 1e9) / packets).toFixed(0) : '-'} ns/packet, ${(source.size / 1e6 / cpuSeconds).toFixed(1)} MB/cpu-s\n`,
)
process.stdout.write(`${JSON.stringify({ packets })}\n`)
