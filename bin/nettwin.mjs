#!/usr/bin/env node
// Entry point of the nettwin command line. The engine is TypeScript; tsx (a runtime dependency) compiles it
// on the fly so `npx nettwin` works straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
