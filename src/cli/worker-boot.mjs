// Entry of the CLI's worker threads: compiles TypeScript with tsx (as bin/nettwin.mjs does for the main
// thread; each thread registers its own loader), then runs the module named in workerData.script.
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(new URL(workerData.script, import.meta.url).href)
