/** What the table views and the mapping dialog can do: read the table again as a chosen dialect or mapping. */
import type { ColumnMapping, TableDialectId } from '../formats/tables/index.ts'
import { openFile } from './analysis-store.ts'
import { currentTableFile, rememberMapping, takePendingFile } from './table-store.ts'

/** Reads the waiting table through the user's mapping, and remembers the mapping for this session. */
export async function applyColumnMapping(mapping: ColumnMapping): Promise<void> {
  const file = takePendingFile()
  if (file === null) return
  rememberMapping(mapping)
  await openFile(file, { mapping })
}

export function cancelColumnMapping(): void {
  takePendingFile()
}

/** Reads the table on screen again as `dialect` (overriding what was detected). */
export async function rereadTableAs(dialect: TableDialectId): Promise<void> {
  const file = currentTableFile()
  if (file !== null) await openFile(file, { dialect })
}
