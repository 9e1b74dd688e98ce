/**
 * The long mutation-fuzz run (`npm run fuzz`): 100,000 structure-aware cases per input format (pcap, pcapng,
 * gzip, each table dialect, session-file import), seed printed. Every counterexample is shrunk and written to
 * src/fuzz/fixtures, where src/fuzz/fixtures.test.ts replays it on every unit run from then on.
 *
 *   npm run fuzz                               100,000 cases per target, a fresh seed
 *   npm run fuzz -- --runs 5000 --seed 42      fewer cases, a given seed
 *   npm run fuzz -- --only pcapng              targets whose name contains "pcapng"
 *
 * Prints, per target, the worst time per MiB and the largest single allocation (the reliability report's numbers).
 * Exits with 1 when any target failed.
 */
import { saveFixture } from '../src/fuzz/fixture-files.ts'
import { fuzz } from '../src/fuzz/run-fuzz.ts'
import { FUZZ_TARGETS } from '../src/fuzz/targets.ts'

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const runs = Number(option('runs') ?? process.env.FUZZ_RUNS ?? 100_000)
const seed = Number(option('seed') ?? process.env.FUZZ_SEED ?? Date.now() % 2 ** 31)
const only = option('only')
if (!Number.isInteger(runs) || runs <= 0 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- [--runs N] [--seed S] [--only NAME]')
  process.exit(2)
}

const targets = FUZZ_TARGETS.filter((t) => only === undefined || t.name.includes(only))
console.log(`nettwin fuzz: ${runs} cases per target, seed ${seed}, ${targets.length} targets`)
let failed = 0
const started = performance.now()
for (const target of targets) {
  const run = await fuzz(target, runs, seed)
  console.log(run.stats.summary(target.name, seed))
  if (run.failure !== null) {
    failed++
    const name = saveFixture(target.name, run.failure, `npm run fuzz, seed ${seed}`)
    console.log(`  FAILED: ${run.failure.problem}\n  case: ${run.failure.description}\n  kept as src/fuzz/fixtures/${name}.bin`)
  }
}
console.log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s: ${failed === 0 ? 'no failures' : `${failed} target(s) failed`}`)
process.exit(failed === 0 ? 0 : 1)
