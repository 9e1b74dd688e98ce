// Worker-thread entry for the conformance suite: compiles TypeScript with tsx, then runs the analysing loop of
// the script named in workerData (a module beside this one; analyze-in-worker.ts by default).
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData?.script ?? './analyze-in-worker.ts')
