import { fuzzSuite } from './fuzz-suite.ts'
import { CAPTURE_TARGETS, SESSION_TARGETS } from './targets.ts'

// pcap (both byte orders, micro/nano, modified), pcapng (both byte orders, several sections), gzip of both, and
// session-file import.
fuzzSuite('captures and session files', [...CAPTURE_TARGETS, ...SESSION_TARGETS])
