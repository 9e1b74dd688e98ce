/**
 * Detectors scored against a labelled table: one confusion matrix per detector (and "any detector"), rows
 * flagged against the label column's attack and benign classes, with precision, recall and false-positive rate.
 * Class names come from the file and are shown as escaped text.
 */
import type { TableSummary } from '../../analysis/table-summary.ts'
import { formatCount } from '../../lib/display-format.ts'
import { escapeDisplay } from '../../lib/escape.ts'

const pct = (n: number, d: number): string => (d > 0 ? `${((n / d) * 100).toFixed(1)}%` : '–')

export function ConfusionMatrices({ labels }: { readonly labels: TableSummary['labels'] }) {
  const confusion = labels.confusion
  if (confusion === undefined) {
    return <p className="muted" data-testid="confusion-none">The detectors did not run on this table (its rows carry no addresses or no start times), so there is nothing to score.</p>
  }
  const entries = Object.entries(confusion)
  const benign = labels.benignClasses ?? []
  return (
    <section aria-labelledby="confusion-title" data-testid="confusion">
      <h3 id="confusion-title">Detectors against the labels</h3>
      <p className="muted">
        {formatCount(labels.scoredRows ?? 0)} labelled rows scored. Benign: {benign.length > 0 ? benign.map((b) => escapeDisplay(b, 60)).join(', ') : 'no class looks benign (every row counts as an attack)'}; every other class counts as an attack.
        A row is flagged when its flow is an alert's evidence.
      </p>
      <table className="count-table confusion-table" data-testid="confusion-table">
        <thead>
          <tr>
            <th scope="col">Detector</th>
            <th scope="col" className="num" title="Attack rows flagged">TP</th>
            <th scope="col" className="num" title="Benign rows flagged">FP</th>
            <th scope="col" className="num" title="Attack rows not flagged">FN</th>
            <th scope="col" className="num" title="Benign rows not flagged">TN</th>
            <th scope="col" className="num">Precision</th>
            <th scope="col" className="num">Recall</th>
            <th scope="col" className="num">FP rate</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([id, c]) => (
            <tr key={id} data-testid="confusion-row" data-detector={id} className={id === 'any' ? 'total' : undefined}>
              <th scope="row">{id === 'any' ? 'any detector' : id}</th>
              <td className="num">{formatCount(c.tp)}</td>
              <td className="num">{formatCount(c.fp)}</td>
              <td className="num">{formatCount(c.fn)}</td>
              <td className="num">{formatCount(c.tn)}</td>
              <td className="num">{pct(c.tp, c.tp + c.fp)}</td>
              <td className="num">{pct(c.tp, c.tp + c.fn)}</td>
              <td className="num">{pct(c.fp, c.fp + c.tn)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
