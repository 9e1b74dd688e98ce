/**
 * Indicator rules for cleartext HTTP request lines (method, URI, Host, User-Agent): classic injection tokens
 * (SQL injection, cross-site scripting, path traversal, OS command injection, JNDI lookups) and the user agents
 * of well-known attack tools. The token families follow the OWASP Testing Guide's injection chapters and the
 * user-agent list follows common public scanner signatures; they are written here from those descriptions.
 * Matching runs on the URI after percent-decoding (twice, for double encoding) and lower-casing.
 */

export interface PayloadRule {
  readonly id: string
  readonly label: string
  /** 0..1: how strongly a match indicates an attack rather than an odd but benign request. */
  readonly weight: number
  readonly where: 'uri' | 'user-agent'
  readonly pattern: RegExp
}

export const PAYLOAD_RULES: readonly PayloadRule[] = [
  { id: 'sqli-union', label: 'SQL injection (UNION SELECT)', weight: 0.9, where: 'uri', pattern: /union(\s|\+|\/\*[^*]*\*\/)+(all(\s|\+)+)?select/ },
  { id: 'sqli-tautology', label: 'SQL injection (quote tautology)', weight: 0.8, where: 'uri', pattern: /['"]\s*(or|and)\s*['"]?\s*\d+\s*=\s*\d+|'\s*or\s*'[^']*'\s*=\s*'|'\s*(--|#)/ },
  { id: 'sqli-function', label: 'SQL injection (sleep/benchmark/information_schema)', weight: 0.85, where: 'uri', pattern: /\b(sleep|benchmark|pg_sleep|waitfor\s+delay)\s*\(|information_schema|@@version|\bxp_cmdshell\b/ },
  { id: 'xss-script', label: 'Cross-site scripting (script tag or handler)', weight: 0.8, where: 'uri', pattern: /<\s*script|javascript:|\bon(error|load|mouseover)\s*=|<\s*(img|svg|iframe)[^>]*\bon\w+\s*=/ },
  { id: 'traversal', label: 'Path traversal', weight: 0.75, where: 'uri', pattern: /(\.\.[\\/]){2,}|\/etc\/passwd|\/etc\/shadow|boot\.ini|win\.ini/ },
  { id: 'cmd-injection', label: 'OS command injection', weight: 0.8, where: 'uri', pattern: /[;|`]\s*(cat|wget|curl|nc|bash|sh|id|uname|whoami)\b|\$\(\s*(cat|wget|curl|id|uname|whoami)/ },
  { id: 'jndi', label: 'JNDI lookup (Log4Shell)', weight: 0.95, where: 'uri', pattern: /\$\{\s*jndi\s*:/ },
  { id: 'jndi-ua', label: 'JNDI lookup (Log4Shell) in User-Agent', weight: 0.95, where: 'user-agent', pattern: /\$\{\s*jndi\s*:/ },
  { id: 'tool-ua', label: 'attack tool User-Agent', weight: 0.7, where: 'user-agent', pattern: /sqlmap|nikto|nmap scripting engine|masscan|zgrab|dirbuster|gobuster|wpscan|acunetix|nessus|openvas|hydra|w3af|burp/ },
]

const MAX_INPUT = 4096

function decodeOnce(s: string): string {
  // Without a '%' there is nothing to decode (decodeURIComponent returns such text unchanged): most URIs.
  if (s.indexOf('%') < 0) return s.indexOf('+') < 0 ? s : s.replaceAll('+', ' ')
  try {
    return decodeURIComponent(s.replaceAll('+', ' '))
  } catch {
    // Malformed escapes: decode what can be decoded, keep the rest as it was.
    return s.replace(/%([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
  }
}

/** The URI as rules see it: capped, percent-decoded twice, lower case. */
export function normaliseUri(uri: string): string {
  return decodeOnce(decodeOnce(uri.slice(0, MAX_INPUT))).toLowerCase()
}

/** Rules matching a request; empty when none. */
export function matchRequest(uri: string, userAgent: string | null): PayloadRule[] {
  const u = normaliseUri(uri)
  const ua = (userAgent ?? '').slice(0, MAX_INPUT).toLowerCase()
  return PAYLOAD_RULES.filter((r) => r.pattern.test(r.where === 'uri' ? u : ua))
}
