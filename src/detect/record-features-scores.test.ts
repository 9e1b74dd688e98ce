import { describe, expect, it } from 'vitest'
import { isBenignLabel } from './label-scoring.ts'
import { bit, Rc } from './record-features-rules.ts'
import { KDD_NAMES, scoreRecordGroups, UNSW_NAMES } from './record-features-scores.ts'

// Label ids index into names; 0 is "unlabelled".
const names = ['', 'normal', 'neptune', 'teardrop', 'back', 'satan', 'guess_passwd', 'warezclient', '__proto__']

function score(rows: readonly [number, number][], from?: number, to?: number) {
  const codes = Uint8Array.from(rows.map(([code]) => code))
  const labelOf = Uint32Array.from(rows.map(([, label]) => label))
  return scoreRecordGroups(codes, labelOf, names, KDD_NAMES, isBenignLabel, from, to)
}

describe('scoreRecordGroups', () => {
  it('counts a row right only with the finding its name expects, and any finding as flagged', () => {
    const s = score([
      [bit(Rc.SynFlood) | bit(Rc.PortScan), 2], // neptune: a flood, also a scan
      [bit(Rc.PortScan), 2], // neptune seen as a scan only: flagged, not right
      [bit(Rc.Malformed), 3], // teardrop: the malformed-packet anomaly is its finding
      [bit(Rc.SynFlood), 3], // teardrop as a flood: wrong finding
      [0, 4], // back stays in the flooding group as a miss
    ])
    const flooding = s.groups.get('flooding')
    expect(flooding).toMatchObject({ rows: 5, right: 2, any: 4 })
    expect(flooding?.byCode[Rc.SynFlood]).toBe(2)
    expect(s.classes.get('neptune')).toMatchObject({ rows: 2, right: 1, any: 2, group: 'flooding' })
    expect(s.classes.get('back')).toMatchObject({ rows: 1, right: 0, any: 0, group: 'flooding' })
  })

  it('gives normal rows a false-positive count and never a right one; other attacks have no expectation', () => {
    const s = score([[bit(Rc.PortScan), 1], [0, 1], [0, 1], [bit(Rc.HostSweep), 7], [bit(Rc.BruteForce), 6], [0, 0]])
    expect(s.groups.get('normal')).toMatchObject({ rows: 3, right: 0, any: 1 })
    expect(s.groups.get('other attacks')).toMatchObject({ rows: 1, right: 0, any: 1 })
    expect(s.groups.get('brute force')).toMatchObject({ rows: 1, right: 1 })
    // The unlabelled row is in no group.
    let total = 0
    for (const g of s.groups.values()) total += g.rows
    expect(total).toBe(5)
  })

  it('scores a row range (the split check) and treats file-given names like __proto__ as plain classes', () => {
    const rows: [number, number][] = [[bit(Rc.PortScan), 5], [0, 5], [bit(Rc.PortScan), 8], [bit(Rc.PortScan), 5]]
    expect(score(rows, 0, 2).groups.get('scanning')).toMatchObject({ rows: 2, right: 1 })
    expect(score(rows, 2).groups.get('scanning')).toMatchObject({ rows: 1, right: 1 })
    expect(score(rows).classes.get('__proto__')).toMatchObject({ group: 'other attacks', rows: 1 })
  })

  it('maps UNSW-NB15 attack_cat names case-insensitively', () => {
    const codes = Uint8Array.from([bit(Rc.UdpFlood), bit(Rc.PortScan), 0])
    const s = scoreRecordGroups(codes, Uint32Array.from([1, 2, 3]), ['', 'DoS', 'Reconnaissance', 'Exploits'], UNSW_NAMES, isBenignLabel)
    expect(s.classes.get('DoS')).toMatchObject({ group: 'flooding', right: 1 })
    expect(s.classes.get('Reconnaissance')).toMatchObject({ group: 'scanning', right: 1 })
    expect(s.classes.get('Exploits')?.group).toBe('other attacks')
  })
})
