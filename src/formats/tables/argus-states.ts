/**
 * Argus flow states (https://openargus.org/ ra(1) "State" field) in Zeek's conn_state vocabulary, as far as they
 * can be derived. Argus writes either a keyword (CON, FIN, REQ, INT, RST, ...; also what UNSW-NB15's state
 * column holds) or, for TCP with -Z, the flags seen from each side joined by '_' ("S_RA", "FSPA_FSPA").
 * The mapping is an approximation: Argus does not record the order of events that conn_state distinguishes.
 */

function flagsToConnState(src: string, dst: string): string {
  const has = (s: string, f: string): boolean => s.includes(f)
  if (has(src, 'S') && dst === '') return 'S0'
  if (has(src, 'S') && has(dst, 'R') && !has(dst, 'S')) return 'REJ'
  if (has(src, 'R')) return has(dst, 'S') ? 'RSTO' : 'RSTOS0'
  if (has(dst, 'R')) return 'RSTR'
  if (has(src, 'F') && has(dst, 'F')) return 'SF'
  if (has(src, 'S') && has(dst, 'S')) return 'S1'
  return 'OTH'
}

/** Zeek conn_state for an Argus / UNSW-NB15 state of a flow of protocol `proto` (lower case), or ''. */
export function argusConnState(proto: string, state: string): string {
  const s = state.trim()
  const cut = s.indexOf('_')
  if (cut >= 0 && proto === 'tcp') return flagsToConnState(s.slice(0, cut), s.slice(cut + 1))
  switch (s.toUpperCase()) {
    case 'FIN':
      return 'SF'
    case 'REQ':
    case 'INT':
      return 'S0'
    case 'CON':
      return proto === 'tcp' ? 'S1' : 'SF'
    case 'ECO':
    case 'ECR':
    case 'URP':
    case 'URH':
    case 'URN':
    case 'TXD':
      return 'OTH'
    default:
      return ''
  }
}
