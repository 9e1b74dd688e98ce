/**
 * No HTML sinks (shared/RELIABILITY.md: strings from packets and files reach the page only as text). Scans every
 * source file of src/ and workers/ (comments removed; tests excluded, since they never ship) for the APIs that turn
 * a string into markup or code: innerHTML / outerHTML, insertAdjacentHTML, dangerouslySetInnerHTML,
 * document.write, d3 `.html(`, srcdoc, createContextualFragment, DOMParser, setHTMLUnsafe, eval, new Function,
 * and string timers. One data file is allowed to hold such words inside string literals: the hostile payloads.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

const SINKS: readonly [string, RegExp][] = [
  ['innerHTML', /\binnerHTML\b/],
  ['outerHTML', /\bouterHTML\b/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['dangerouslySetInnerHTML', /\bdangerouslySetInnerHTML\b/],
  ['document.write', /\bdocument\s*\.\s*write(ln)?\b/],
  ['d3 .html(', /\.\s*html\s*\(/],
  ['srcdoc', /\bsrcdoc\b/i],
  ['createContextualFragment', /\bcreateContextualFragment\b/],
  ['DOMParser', /\bDOMParser\b/],
  ['setHTMLUnsafe / parseHTMLUnsafe', /\b(set|parse)HTMLUnsafe\b/],
  ['eval(', /(^|[^.\w$])eval\s*\(/],
  ['new Function', /\bnew\s+Function\b|(^|[^.\w$])Function\s*\(\s*['"`]/],
  ['string timer', /\bset(Timeout|Interval)\s*\(\s*['"`]/],
]

/** Payloads for the display tests: markup inside string literals, never rendered as HTML. */
const ALLOWED = new Set(['src/lib/hostile-strings.ts'])

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  const pending = [dir]
  while (pending.length > 0) {
    const d = pending.pop() as string
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name)
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== '__snapshots__' && e.name !== 'fixtures') pending.push(path)
      } else if (/\.(ts|tsx|mts|js|mjs)$/.test(e.name) && !/\.test\.(ts|tsx)$/.test(e.name)) out.push(path)
    }
  }
  return out.sort()
}

/** The code without its comments (line and block), keeping line numbers; strings are left as they are. */
export function stripComments(text: string): string {
  let out = ''
  let i = 0
  let quote: string | null = null
  while (i < text.length) {
    const c = text[i]
    if (quote !== null) {
      out += c
      if (c === '\\' && i + 1 < text.length) out += text[++i]
      else if (c === quote) quote = null
      i++
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c
      out += c
      i++
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      const stop = end < 0 ? text.length : end + 2
      out += text.slice(i, stop).replace(/[^\n]/g, ' ')
      i = stop
    } else {
      out += c
      i++
    }
  }
  return out
}

function findSinks(files: readonly string[]): string[] {
  const found: string[] = []
  for (const file of files) {
    const name = relative(ROOT, file).split('\\').join('/')
    if (ALLOWED.has(name)) continue
    const lines = stripComments(readFileSync(file, 'utf8')).split('\n')
    lines.forEach((line, i) => {
      for (const [sink, pattern] of SINKS) if (pattern.test(line)) found.push(`${name}:${i + 1}: ${sink}: ${line.trim().slice(0, 120)}`)
    })
  }
  return found
}

describe('HTML sinks', () => {
  it('there are none in src/ or workers/', () => {
    const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'workers'))]
    expect(files.length).toBeGreaterThan(100)
    expect(findSinks(files)).toEqual([])
  })

  it('the scan finds each kind of sink and ignores comments', () => {
    const sample = [
      'el.innerHTML = s', 'x.outerHTML', 'el.insertAdjacentHTML("beforeend", s)', '<div dangerouslySetInnerHTML={{ __html: s }} />',
      'document.write(s)', 'sel.html(s)', "frame.setAttribute('srcdoc', s)", 'range.createContextualFragment(s)', 'new DOMParser()',
      'el.setHTMLUnsafe(s)', 'eval(s)', 'new Function(s)', "Function('return 1')", "setTimeout('go()', 1)",
    ]
    for (const line of sample) expect(SINKS.some(([, p]) => p.test(stripComments(line))), line).toBe(true)
    expect(SINKS.some(([, p]) => p.test(stripComments('// el.innerHTML = s\n/* eval(x) */ const a = 1')))).toBe(false)
    expect(SINKS.some(([, p]) => p.test(stripComments('sel.text(s); retrieval(x); d3.select(el).attr("title", s)')))).toBe(false)
  })
})
