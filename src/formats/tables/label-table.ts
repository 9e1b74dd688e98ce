/**
 * The label dictionary of one read: each distinct class name (a Label / attack_cat / class cell, a Suricata
 * alert signature) gets an id, and the rows of each class are counted for the labels report. Id 0 is "no label".
 * Past MAX_LABEL_CLASSES distinct names every new one is counted under OTHER_LABELS, so a column that is not
 * really a label (a unique value per row) cannot grow the dictionary without bound.
 */
import type { RowFields } from './row-fields.ts'
import { capLength, detach } from './string-table.ts'

export const MAX_LABEL_CLASSES = 10_000
export const OTHER_LABELS = '(other labels)'

export interface LabelClasses {
  readonly [name: string]: { readonly rows: number }
}

export class LabelTable {
  readonly names: string[] = ['']
  private readonly ids = new Map<string, number>()
  private readonly rows: number[] = [0]
  private otherId = 0

  /** The id of a label as written in the table (trimmed; '' gives 0). */
  id(label: string): number {
    const known = this.ids.get(label)
    if (known !== undefined) return known
    const name = detach(capLength(label.trim(), 128))
    if (name.length === 0) return 0
    const id = this.ids.get(name)
    if (id !== undefined) {
      this.ids.set(label, id)
      return id
    }
    if (this.names.length <= MAX_LABEL_CLASSES) {
      const fresh = this.add(name)
      this.ids.set(label, fresh)
      return fresh
    }
    // Past the cap nothing more is remembered, so a column of unique values cannot grow the map.
    if (this.otherId === 0) this.otherId = this.add(OTHER_LABELS)
    return this.otherId
  }

  private add(name: string): number {
    const id = this.names.length
    this.names.push(name)
    this.rows.push(0)
    this.ids.set(name, id)
    return id
  }

  /** Counts one record of class `id`. */
  count(id: number): void {
    this.rows[id]++
  }

  get labelled(): number {
    let n = 0
    for (let i = 1; i < this.rows.length; i++) n += this.rows[i]
    return n
  }

  get unlabelled(): number {
    return this.rows[0]
  }

  /** Rows per class name; a name such as "__proto__" is an ordinary own key of the result. */
  classes(): LabelClasses {
    const entries: [string, { rows: number }][] = []
    for (let i = 1; i < this.names.length; i++) if (this.rows[i] > 0) entries.push([this.names[i], { rows: this.rows[i] }])
    entries.sort((a, b) => b[1].rows - a[1].rows || (a[0] < b[0] ? -1 : 1))
    return Object.fromEntries(entries)
  }
}

/** Reads a label column, remembering the last value so a run of one class makes no string per row. */
export class LabelColumn {
  private last = ''
  private lastId = 0

  constructor(private readonly labels: LabelTable, private readonly transform?: (s: string) => string) {}

  id(row: RowFields, i: number): number {
    if (i < 0 || i >= row.count) return 0
    if (this.last.length > 0 && row.equals(i, this.last)) return this.lastId
    const raw = row.field(i)
    this.last = raw
    this.lastId = this.labels.id(this.transform ? this.transform(raw) : raw)
    return this.lastId
  }
}
