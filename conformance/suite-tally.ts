/** Counts the two halves of the conformance suite fill in, printed as one summary line at the end. */
export interface SuiteTally {
  checked: number
  equal: number
  known: number
  unexplained: number
  malformed: number
  malformedRead: number
  malformedRejected: number
}

export function newTally(): SuiteTally {
  return { checked: 0, equal: 0, known: 0, unexplained: 0, malformed: 0, malformedRead: 0, malformedRejected: 0 }
}

export function tallyLine(t: SuiteTally): string {
  const survived = t.malformedRead + t.malformedRejected
  return (
    `conformance: ${t.checked} captures checked, ${t.equal} equal on every field, ${t.known} known differences, ` +
    `${t.unexplained} unexplained; ${survived}/${t.malformed} malformed files survived ` +
    `(${t.malformedRead} read, ${t.malformedRejected} rejected with a FormatError)`
  )
}
