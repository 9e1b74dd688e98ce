import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writePcap } from '../formats/pcap-writer.ts'
import { runCli, udpFrame } from './cli-test-kit.ts'

const dir = mkdtempSync(join(tmpdir(), 'nettwin-cli-bundle-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const run = promisify(execFile)

// 3,000 unanswered datagrams to one port within 3 s (a flood, so detection has something to say), then a few
// answered ones from other hosts.
const capture = join(dir, 'mix.pcap')
writeFileSync(capture, writePcap([
  ...Array.from({ length: 3000 }, (_, i) => ({ time: 1_700_000_000 + i / 1000, data: udpFrame(0x0a000042, 0x0a000005, 40000 + (i % 5000), 9999, 200) })),
  ...Array.from({ length: 40 }, (_, i) => ({ time: 1_700_000_004 + i / 10, data: udpFrame(0x0a000010 + (i % 4), 0x08080808, 50000 + i, 53, 60) })),
]))

/** The JSON without the fields that time the run. */
function untimed(json: string): unknown {
  return JSON.parse(json, (key, value: unknown) => (key === 'milliseconds' ? undefined : value))
}

// The bundle `npm ci` builds (scripts/build-cli.mjs) must be the same program as the TypeScript sources.
describe('the bundled command line', () => {
  const out = join(dir, 'bundle')
  const runner = join(dir, 'run.mjs')
  beforeAll(async () => {
    // @ts-expect-error: a plain JavaScript build script without type declarations
    const { buildCli } = (await import('../../scripts/build-cli.mjs')) as { buildCli: (outdir: string) => Promise<void> }
    await buildCli(out)
    // What bin/nettwin.mjs does with the bundle.
    writeFileSync(runner, `import { main } from './bundle/nettwin.mjs'\nprocess.exitCode = await main(process.argv.slice(2))\n`)
  }, 60_000)

  it('prints what the sources print, with one thread and with two', async () => {
    const fromSources = await runCli(['analyze', capture, '--json'])
    expect(fromSources.code).toBe(0)
    const expected = untimed(fromSources.out)
    expect(JSON.stringify(expected)).toContain('udp-flood')
    for (const extra of [[], ['--threads', '2']]) {
      const bundled = await run(process.execPath, [runner, 'analyze', capture, '--json', ...extra])
      expect(untimed(bundled.stdout)).toEqual(expected)
    }
  }, 60_000)

  it('reports a bad file as the sources do', async () => {
    const bad = join(dir, 'bad.pcap')
    writeFileSync(bad, 'not a capture at all\n')
    const fromSources = await runCli(['analyze', bad])
    const bundled = await run(process.execPath, [runner, 'analyze', bad]).catch((e: { code: number; stderr: string }) => e)
    expect(fromSources.code).toBe(2)
    expect('code' in bundled ? bundled.code : 0).toBe(2)
    expect(bundled.stderr).toBe(fromSources.err)
  }, 60_000)
})
