/**
 * Corpus conformance (vitest project "conformance"): the well-formed captures of ../shared/corpus against
 * capinfos and the recorded tshark oracle (well-formed-suite.ts), and every malformed file survived within its
 * work bound (malformed-suite.ts). Without the corpus the suite is reported as skipped, with the reason.
 */
import { afterAll, describe } from 'vitest'
import { corpusDir, corpusExists } from './corpus-index.ts'
import { describeMalformed } from './malformed-suite.ts'
import { newTally, tallyLine } from './suite-tally.ts'
import { describeWellFormed } from './well-formed-suite.ts'

const tally = newTally()

if (!corpusExists) console.log(`conformance: skipped, the corpus was not found at ${corpusDir} (expected ../shared/corpus)`)

describe.skipIf(!corpusExists)(
  corpusExists ? 'corpus conformance' : 'corpus conformance: SKIPPED, ../shared/corpus not found',
  () => {
    afterAll(() => console.log(tallyLine(tally)))
    describe('well-formed captures against capinfos and tshark', () => describeWellFormed(tally))
    describe('malformed captures are survived', () => describeMalformed(tally))
  },
)
