/**
 * What the Zeek TSV and JSON readers share: which log a set of field names is (conn, dns, ssl, ...) when the
 * file does not say (#path missing, zeek-cut output), Zeek's escaping of non-printable bytes as \xNN
 * (https://docs.zeek.org/en/master/logs/index.html, ASCII writer), the values the btest baselines mask with X's,
 * and the known field names that let a bare header row of names be recognised.
 */

/** Field names that only connection logs have. */
const CONN_ONLY = ['conn_state', 'orig_pkts', 'resp_pkts', 'orig_ip_bytes', 'resp_ip_bytes', 'missed_bytes', 'tunnel_parents', 'local_orig', 'orig_bytes']

/** The log a record with these field names comes from ('conn', 'dns', ...), or 'unknown'. */
export function inferZeekLog(names: readonly string[]): string {
  const has = (n: string): boolean => names.includes(n)
  if (has('client_initial_dcid') || has('server_scid')) return 'quic'
  if (CONN_ONLY.some(has)) return 'conn'
  if (has('tunnel_type')) return 'tunnel'
  if (has('query') && (has('qtype_name') || has('rcode_name') || has('answers') || has('trans_id'))) return 'dns'
  if (has('auth_success') || has('host_key_alg') || has('kex_alg')) return 'ssh'
  if (has('msg_types') || has('assigned_addr') || (has('client_addr') && has('server_addr'))) return 'dhcp'
  if (has('mailfrom') || has('rcptto') || has('helo')) return 'smtp'
  if (has('server_name') && (has('cipher') || has('established') || has('ja3') || has('version'))) return 'ssl'
  if (has('method') || has('uri') || has('user_agent') || has('status_code')) return 'http'
  if (has('note') && has('msg')) return 'notice'
  if (has('name') && (has('addl') || has('notice') || has('peer'))) return 'weird'
  if (has('command') && has('reply_code')) return 'ftp'
  if (has('fuid') && (has('mime_type') || has('seen_bytes'))) return 'files'
  if (has('history') && (has('uid') || has('service') || has('duration') || names.length === 1)) return 'conn'
  return 'unknown'
}

/** Field names common in Zeek logs, to recognise a header row of names (zeek-cut, LogAscii tsv mode). */
export const KNOWN_ZEEK_FIELDS = new Set([
  'ts', 'uid', 'uids', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration',
  'orig_bytes', 'resp_bytes', 'conn_state', 'local_orig', 'local_resp', 'missed_bytes', 'history', 'orig_pkts',
  'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes', 'tunnel_parents', 'ip_proto', 'name', 'addl', 'notice', 'peer',
  'source', 'query', 'qtype_name', 'rcode_name', 'answers', 'trans_id', 'server_name', 'note', 'msg',
  'tunnel_type', 'action', 'client_addr', 'server_addr', 'msg_types', 'auth_success', 'version', 'fuid',
])

/** Zeek value types that are numbers. */
export const ZEEK_NUMBER_TYPES = new Set(['count', 'int', 'double', 'interval', 'port', 'time'])

/** Columns that carry a label in labelled Zeek logs (IoT-23 conn.log.labeled and similar). */
export const ZEEK_LABEL_COLUMNS = ['detailed-label', 'detailed_label', 'label', 'Label']

/** True for a value the btest canonifier replaced with X's ("XXXXXXXXXX.XXXXXX"). */
export function isMasked(s: string): boolean {
  return s.length > 0 && /^X+(\.X+)?$/.test(s)
}

/** The separator declared by "#separator \x09" (Zeek writes it escaped), or null when the line is not that. */
export function declaredSeparator(line: string): string | null {
  const m = /^#separator[ \t]+(\S+)/.exec(line)
  if (m === null) return null
  const v = unescapeZeek(m[1])
  return v.length === 1 ? v : null
}

const utf8 = new TextDecoder('utf-8', { fatal: false })
const encoder = new TextEncoder()

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  const l = c | 0x20
  return l >= 97 && l <= 102 ? l - 87 : -1
}

/**
 * Undoes Zeek's escaping: \xNN is a byte (runs of them are UTF-8 decoded together, so "\xe2\x82\xac" is one
 * character), "\\" a backslash. Other text is kept; invalid UTF-8 becomes U+FFFD.
 */
export function unescapeZeek(s: string): string {
  if (!s.includes('\\')) return s
  const bytes: number[] = []
  const plain = (from: number, to: number): void => {
    if (to > from) for (const b of encoder.encode(s.slice(from, to))) bytes.push(b)
  }
  let plainFrom = 0
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) !== 92) continue
    const next = s.charCodeAt(i + 1)
    let byte = -1
    let width = 0
    if ((next | 0x20) === 120 && i + 3 < s.length) {
      const hi = hexValue(s.charCodeAt(i + 2))
      const lo = hexValue(s.charCodeAt(i + 3))
      if (hi >= 0 && lo >= 0) {
        byte = hi * 16 + lo
        width = 4
      }
    } else if (next === 92) {
      byte = 92
      width = 2
    }
    if (byte < 0) continue
    plain(plainFrom, i)
    bytes.push(byte)
    i += width - 1
    plainFrom = i + 1
  }
  plain(plainFrom, s.length)
  return utf8.decode(Uint8Array.from(bytes))
}
