/**
 * Warming the engine up while the page is idle, before the user drops a file.
 *
 * Why: V8 compiles the engine's hot code (decoders, flow table, statistics, detectors) in the first second of
 * a read, on its background threads. On a two-core machine those threads, the engine worker and the page then
 * share the cores at the very moment the first partial results are drawn, and a page task that waits for a core
 * is a long task however little it costs. Reading the built-in sample a few dozen times when nothing else
 * happens moves most of that compiling to before the drop: the read itself then runs optimised code from its
 * first slices. Each round is a whole analysis (decode, flows, statistics, a summary, the detectors) of the
 * sample's bytes, thrown away afterwards; nothing is stored or sent to the page.
 *
 * A read always comes first: the warm-up stops at the end of the round in progress when `signal` aborts
 * (analyze() aborts it), and each round ends with a return to the worker's event loop so that the page's
 * analyze() call is taken at once.
 */
import { analyzeFile } from '../src/analysis/analyze-file.ts'
import { CaptureAnalysis } from '../src/analysis/capture-analysis.ts'
import { LiveAnalysisData } from '../src/analysis/queries/live-data.ts'
import { LiveDetection } from '../src/detect/live-detection.ts'
import { bytesSource } from '../src/formats/sources.ts'

export interface WarmUpReport {
  readonly rounds: number
  readonly packets: number
  readonly ms: number
}

/** Rounds stop at whichever comes first: this many, or this much time (the budget is checked between rounds). */
export const WARM_UP_ROUNDS = 60
export const WARM_UP_BUDGET_MS = 600

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

/** Analyses `bytes` (a capture) round after round, until the rounds or the budget are spent or `signal` aborts. */
export async function warmUpEngine(bytes: Uint8Array, signal: AbortSignal, rounds = WARM_UP_ROUNDS, budgetMs = WARM_UP_BUDGET_MS): Promise<WarmUpReport> {
  const started = performance.now()
  let done = 0
  let packets = 0
  while (done < rounds && !signal.aborted && performance.now() - started < budgetMs) {
    const analysis = new CaptureAnalysis()
    const data = new LiveAnalysisData(analysis, 'warm-up')
    const detection = new LiveDetection(analysis, 'warm-up')
    let result
    try {
      result = await analyzeFile(bytesSource(bytes, 'warm-up'), {
        signal,
        analysis,
        onBatch: (batch, ctx) => {
          data.noteBatch(batch)
          detection.consume(batch, ctx)
        },
      })
    } catch {
      // Not a capture after all (or a cancel mid-round): warming up is a courtesy, never an error.
      break
    }
    if (result.kind !== 'capture' || result.summary.cancelled) break
    data.finish(result.summary)
    data.summary()
    detection.runFinal()
    packets += result.summary.packets
    done++
    await nextTask()
  }
  return { rounds: done, packets, ms: performance.now() - started }
}
