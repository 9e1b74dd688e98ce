/**
 * DNS query names split for tunnel and DGA analysis: the registered domain (an approximation of eTLD+1 without
 * the Public Suffix List: the last two labels, or three under a two-letter country code whose second level is a
 * generic one such as co.uk or com.au) and the part in front of it, where tunnels put their payload.
 */
import { charEntropy } from './robust-stats.ts'

const GENERIC_SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'gob', 'mil', 'nic', 'ltd', 'plc'])

export interface SplitName {
  /** Lower-case registered domain ("example.co.uk"); the whole name when it has too few labels. */
  readonly domain: string
  /** Labels in front of the registered domain, joined by dots ("" when none). */
  readonly sub: string
  readonly labels: number
}

export function splitName(name: string): SplitName {
  const clean = (name.endsWith('.') ? name.slice(0, -1) : name).toLowerCase()
  const labels = clean.split('.')
  const n = labels.length
  if (n <= 2) return { domain: clean, sub: '', labels: n }
  const tld = labels[n - 1]
  const keep = tld.length === 2 && GENERIC_SECOND_LEVEL.has(labels[n - 2]) ? 3 : 2
  return { domain: labels.slice(n - keep).join('.'), sub: labels.slice(0, n - keep).join('.'), labels: n }
}

/** Names that are not lookups of Internet domains (reverse lookups, mDNS/LLMNR/NetBIOS local names). */
export function isLocalOrReverse(domain: string): boolean {
  return domain.endsWith('in-addr.arpa') || domain.endsWith('ip6.arpa') || domain.endsWith('.local') || domain === 'local' || !domain.includes('.')
}

/** Character entropy (bits) of the subdomain part without the dots; 0 when there is none. */
export function subdomainEntropy(sub: string): number {
  return charEntropy(sub.replaceAll('.', ''))
}

/**
 * A 0..1 score of how much one query name looks machine-made (tunnel payload or DGA output) rather than a
 * name people chose: long labels, high character entropy, long consonant runs, few vowels, digits mixed into
 * letters. Random strings over a-z and digits have about 0.2 vowels per letter and consonant runs of 5 or
 * more; words and brands have about 0.4 and runs of at most 3 or 4. A signal to aggregate per client or
 * domain, not a verdict on one name.
 */
export function nameOddness(name: string, split: SplitName = splitName(name)): number {
  const { domain, sub } = split
  const body = sub === '' ? domain.split('.')[0] : sub
  const text = body.replaceAll('.', '')
  if (text.length === 0) return 0
  let digits = 0
  let vowels = 0
  let letters = 0
  let run = 0
  let longestRun = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 32
    const isLetter = c >= 97 && c <= 122
    const isVowel = c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121
    if (c >= 48 && c <= 57) digits++
    if (isLetter) letters++
    if (isVowel) vowels++
    run = isLetter && !isVowel ? run + 1 : 0
    if (run > longestRun) longestRun = run
  }
  let longest = 0
  for (const label of body.split('.')) if (label.length > longest) longest = label.length
  const clamp = (x: number): number => Math.min(1, Math.max(0, x))
  const lengthScore = clamp((longest - 12) / 28)
  // Random base32/base64 over a long label reaches 4.5-5 bits; English words and brands stay near 3-3.5.
  const entropyScore = clamp((charEntropy(text) - 3.2) / 1.3)
  const runScore = clamp((longestRun - 3) / 4)
  const vowelScore = letters >= 6 ? clamp((0.35 - vowels / letters) / 0.2) : 0
  const digitScore = letters > 0 ? clamp((digits / text.length) * 3) : 0
  return Math.min(1, 0.25 * lengthScore + 0.2 * entropyScore + 0.2 * runScore + 0.2 * vowelScore + 0.15 * digitScore + (longest > 40 ? 0.2 : 0))
}
