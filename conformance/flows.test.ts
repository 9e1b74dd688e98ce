/**
 * Flow conformance (vitest project "conformance"), issue 3's "Tests and numbers":
 * (a) `wireshark` mode: TCP and UDP conversation counts (statistics and flow table) against tshark's
 *     `-z conv,tcp` and `-z conv,udp` (conformance/expected/tshark-flows.json) on every well-formed capture;
 * (b) `zeek` mode: connection counts and conn_state against Zeek's own conn.log baselines;
 * (c) suricata-verify's stated flow packet and byte counts.
 * Each part prints one summary line. Without the corpus the suite is reported as skipped, with the reason.
 */
import { describe } from 'vitest'
import { corpusDir, corpusExists } from './corpus-index.ts'
import { describeSuricataFlows } from './suricata-flow-suite.ts'
import { describeWiresharkFlows } from './wireshark-flow-suite.ts'
import { describeZeekFlows } from './zeek-flow-suite.ts'

if (!corpusExists) console.log(`flow conformance: skipped, the corpus was not found at ${corpusDir} (expected ../shared/corpus)`)

describe.skipIf(!corpusExists)(corpusExists ? 'flow conformance' : 'flow conformance: SKIPPED, ../shared/corpus not found', () => {
  describe('(a) wireshark mode: TCP and UDP conversations against tshark', () => describeWiresharkFlows())
  describe('(b) zeek mode: connections and conn_state against Zeek conn.log baselines', () => describeZeekFlows())
  describe('(c) suricata-verify: flow packet and byte counts', () => describeSuricataFlows())
})
