/**
 * Memoises a pure string -> string function with a bounded cache. Fingerprint hashes (JA3 MD5, JA4 SHA-256) are
 * computed for every TLS handshake, yet a network has few distinct clients: caching by input string turns
 * most of them into a map lookup. The cache is cleared when full, so memory stays bounded on hostile input.
 */
export function boundedMemo(fn: (input: string) => string, maxEntries = 4096): (input: string) => string {
  const cache = new Map<string, string>()
  return (input) => {
    const hit = cache.get(input)
    if (hit !== undefined) return hit
    const value = fn(input)
    if (cache.size >= maxEntries) cache.clear()
    cache.set(input, value)
    return value
  }
}
