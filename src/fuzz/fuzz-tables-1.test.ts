import { fuzzSuite } from './fuzz-suite.ts'
import { TABLE_TARGETS } from './targets.ts'

// The first half of the table dialects (src/formats/tables/dialects.ts); the rest in fuzz-tables-2.test.ts.
fuzzSuite('tables (1 of 2)', TABLE_TARGETS.slice(0, Math.ceil(TABLE_TARGETS.length / 2)))
