/** A two-column table of names and counts, largest first, with each row's share of a total. */
import { formatCount } from '../lib/display-format.ts'

interface Props {
  readonly caption: string
  readonly nameHeader: string
  /** What is counted: packets for protocols, occurrences for anomalies. */
  readonly countHeader: string
  readonly rows: readonly (readonly [string, number])[]
  /** The total the percentages refer to (e.g. all packets); omitted: no percentage column. */
  readonly total?: number
  readonly testId: string
}

export function CountTable({ caption, nameHeader, countHeader, rows, total, testId }: Props) {
  const sorted = [...rows].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  return (
    <table className="count-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{nameHeader}</th>
          <th scope="col" className="num">{countHeader}</th>
          {total !== undefined && <th scope="col" className="num">Share</th>}
        </tr>
      </thead>
      <tbody>
        {sorted.map(([name, count]) => (
          <tr key={name} data-name={name}>
            <th scope="row">{name}</th>
            <td className="num">{formatCount(count)}</td>
            {total !== undefined && <td className="num">{total > 0 ? `${((count / total) * 100).toFixed(1)}%` : '–'}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
