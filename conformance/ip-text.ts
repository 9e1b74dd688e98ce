/**
 * One spelling per address, so addresses written by different tools compare equal: IPv4 as is, IPv6 expanded to
 * eight 4-digit lower-case groups (Suricata writes "2001:0000:4137:...", Zeek and nettwin "2001:0:4137:...",
 * RFC 5952). Text that is neither is returned unchanged.
 */
export function canonicalAddress(text: string): string {
  if (!text.includes(':')) return text
  const halves = text.toLowerCase().split('::')
  if (halves.length > 2) return text
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'))
  const head = groups(halves[0])
  const tail = halves.length === 2 ? groups(halves[1]) : []
  // A dotted IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  const expandDotted = (list: string[]): string[] => {
    const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(list[list.length - 1] ?? '')
    if (!v4) return list
    const [a, b, c, d] = v4.slice(1).map(Number)
    return [...list.slice(0, -1), ((a << 8) | b).toString(16), ((c << 8) | d).toString(16)]
  }
  const h = tail.length > 0 ? head : expandDotted(head)
  const t = tail.length > 0 ? expandDotted(tail) : tail
  const missing = 8 - h.length - t.length
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return text
  const all = [...h, ...new Array<string>(missing).fill('0'), ...t]
  if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return text
  return all.map((g) => g.padStart(4, '0')).join(':')
}
