import { fuzzSuite } from './fuzz-suite.ts'
import { TABLE_TARGETS } from './targets.ts'

// The second half of the table dialects (src/formats/tables/dialects.ts).
fuzzSuite('tables (2 of 2)', TABLE_TARGETS.slice(Math.ceil(TABLE_TARGETS.length / 2)))
