import { describe, expect, it } from 'vitest'
import { FlowBatchBuilder } from './flow-batch-builder.ts'
import { LabelTable } from './label-table.ts'
import { StringTable } from './string-table.ts'
import type { FlowRecordBatch } from './table-model.ts'
import { flowRecordAt } from './table-model.ts'

function builder(batches: FlowRecordBatch[], capacity = 3): { b: FlowBatchBuilder; labels: LabelTable; strings: StringTable } {
  const strings = new StringTable()
  const labels = new LabelTable()
  const b = new FlowBatchBuilder({ dialect: 'generic-flow-csv', strings, labels, labelColumn: 'label', featureNames: ['x'], timeBase: 'epoch', capacity, onBatch: (x) => batches.push(x) })
  return { b, labels, strings }
}

describe('FlowBatchBuilder', () => {
  it('hands over full batches with fresh arrays and numbers records across batches', () => {
    const batches: FlowRecordBatch[] = []
    const { b, labels } = builder(batches)
    for (let r = 0; r < 7; r++) {
      b.begin(r + 1)
      b.startTime[b.n] = 1_600_000_000 + r
      b.features[b.n] = r * 10
      b.labels[b.n] = labels.id(r % 2 ? 'odd' : 'even')
      b.commit()
    }
    b.flush()
    expect(batches.map((x) => [x.firstRecord, x.count])).toEqual([[0, 3], [3, 3], [6, 1]])
    expect(batches[0].startTime.buffer).not.toBe(batches[1].startTime.buffer)
    expect(flowRecordAt(batches[1], 2)).toMatchObject({ line: 6, startTime: 1_600_000_005, features: [50], label: 'odd', srcPort: null, duration: null })
    expect(batches[2].features).toHaveLength(1)
    expect(labels.classes()).toEqual({ even: { rows: 4 }, odd: { rows: 3 } })
    expect([b.time.first, b.time.last]).toEqual([1_600_000_000, 1_600_000_006])
  })

  it('does not keep a row that was begun but not committed', () => {
    const batches: FlowRecordBatch[] = []
    const { b } = builder(batches)
    b.begin(1)
    b.origPkts[b.n] = 99
    b.begin(2)
    b.commit()
    b.flush()
    expect(batches[0].count).toBe(1)
    expect(flowRecordAt(batches[0], 0)).toMatchObject({ line: 2, origPkts: null })
  })

  it('calls times too small to be dates relative', () => {
    const batches: FlowRecordBatch[] = []
    const { b } = builder(batches)
    b.begin(1)
    b.startTime[b.n] = 22.5
    b.duration[b.n] = 2
    b.commit()
    b.flush()
    expect(batches[0].timeBase).toBe('relative')
    expect([b.time.first, b.time.last]).toEqual([22.5, 24.5])
  })
})
