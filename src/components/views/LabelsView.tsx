/**
 * The labels of a traffic table as ground truth: the class distribution as a bar chart, a table of rows per
 * class (with the rows a detector flagged) and the detectors' confusion matrices (detect/ConfusionMatrices.tsx).
 * Class names come from the file: the chart draws them as SVG text and the table as React text, both escaped.
 */
import { useCallback, useMemo } from 'react'
import type { TableSummary } from '../../analysis/table-summary.ts'
import { renderBarChart } from '../../charts/bar-chart.ts'
import { formatCount } from '../../lib/display-format.ts'
import { escapeDisplay } from '../../lib/escape.ts'
import { Chart } from '../shell/Chart.tsx'
import { ConfusionMatrices } from '../detect/ConfusionMatrices.tsx'

/** Classes drawn in the chart; the table lists them all (the reader caps distinct classes). */
const MAX_BARS = 40

export function LabelsView({ summary }: { readonly summary: TableSummary }) {
  const labels = summary.labels
  const classes = useMemo(() => Object.entries(labels.classes), [labels])
  const labelled = classes.reduce((n, [, c]) => n + c.rows, 0)
  const draw = useCallback(
    (svg: SVGSVGElement, width: number) =>
      renderBarChart(
        svg,
        { labels: classes.map(([name]) => name), values: classes.map(([, c]) => c.rows) },
        { label: 'Rows per label class', width, maxBars: MAX_BARS, formatValue: formatCount, labelWidth: 180 },
      ),
    [classes],
  )

  if (labels.column === null || classes.length === 0) {
    return (
      <section className="card" data-testid="labels-view">
        <h2>Labels</h2>
        <p className="muted" data-testid="labels-none">This dataset has no label column, so there is no ground truth to show.</p>
      </section>
    )
  }
  return (
    <section className="card labels-view" data-testid="labels-view" aria-labelledby="labels-title">
      <h2 id="labels-title">
        Labels <span className="muted">from column</span> <span data-testid="labels-column">{escapeDisplay(labels.column, 80)}</span>
      </h2>
      <p>
        {formatCount(classes.length)} classes over {formatCount(labelled)} labelled records
        {labels.unlabelled > 0 && <>, {formatCount(labels.unlabelled)} records without a label</>}.
      </p>
      <Chart title="Class distribution" draw={draw} testId="labels-chart" />
      <table className="count-table" data-testid="labels-table">
        <caption>Rows per class</caption>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col" className="num">Rows</th>
            <th scope="col" className="num">Share</th>
            <th scope="col" className="num" title="Rows of this class whose flow a detector cited as an alert's evidence">
              Flagged
            </th>
          </tr>
        </thead>
        <tbody>
          {classes.map(([name, c]) => (
            <tr key={name} data-testid="labels-row" data-rows={c.rows}>
              <th scope="row" data-testid="labels-class">{escapeDisplay(name, 128)}</th>
              <td className="num">{formatCount(c.rows)}</td>
              <td className="num">{labelled > 0 ? `${((c.rows / labelled) * 100).toFixed(1)}%` : '–'}</td>
              <td className="num">{formatCount(c.flagged)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ConfusionMatrices labels={labels} />
    </section>
  )
}
