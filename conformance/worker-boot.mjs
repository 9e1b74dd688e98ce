// Worker-thread entry for the conformance suite: compiles TypeScript with tsx, then runs the analysing loop.
import { register } from 'tsx/esm/api'

register()
await import('./analyze-in-worker.ts')
