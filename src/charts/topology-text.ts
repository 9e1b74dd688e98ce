/**
 * The words the topology chart shows for a node (its title, aria-label and keyboard label). They are rebuilt
 * for every node on every redraw while a file is read, so the number formatting is a plain digit grouping
 * for whole numbers (d3-format's general path cost about as much as all the DOM writes of a redraw), and
 * d3-format for everything else; both give the same text.
 */
import { format } from 'd3'
import { safeText } from './chart-frame.ts'
import type { TopologyNode } from './topology-collapse.ts'

const d3Grouped = format(',')

/** Below this, d3-format's default 12 significant digits show a whole number exactly. */
const EXACT_BELOW = 1e12

/** A number with thousands separators: "1,234,567" (what d3.format(',') gives). */
export function groupDigits(v: number): string {
  if (!Number.isInteger(v) || v < 0 || v >= EXACT_BELOW) return d3Grouped(v)
  const digits = String(v)
  const head = digits.length % 3 || 3
  let out = digits.slice(0, head)
  for (let i = head; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`
  return out
}

/** A node's description: label, group, members and traffic, escaped for display. */
export function describeNode(n: TopologyNode): string {
  const hosts = n.members !== undefined ? `, ${groupDigits(n.members)} hosts` : ''
  return `${safeText(n.label)} (${safeText(n.group, 40)}${hosts}): ${groupDigits(safeWeight(n.weight))}${n.flagged ? ', flagged' : ''}`
}

/** A weight fit for sizing and display: finite and positive, else 0. */
export function safeWeight(w: number): number {
  return Number.isFinite(w) && w > 0 ? w : 0
}
