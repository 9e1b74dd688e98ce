/**
 * The labelled-table part of `npm run eval` (NSL-KDD, CIC-IDS2017 samples, UNSW-NB15): per-class recall and
 * false-positive rate of the detectors over flow records read by src/formats/tables. Placeholder until the
 * table pipeline feeds flow records to the detectors (see the note printed).
 */
export async function evalTables(_corpus: string, _verbose: boolean): Promise<void> {
  console.log('\n== Labelled tables: not evaluated yet (see eval-tables.ts)')
}
