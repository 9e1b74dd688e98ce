/**
 * MAC addresses keyed-hashed (HMAC-SHA-256 of the address): the same MAC always maps to the same value within one
 * export, different MACs to different values in practice (48 bits of the HMAC). Group addresses (broadcast,
 * multicast: the I/G bit) name protocols rather than machines and are kept. The vendor part (OUI) is kept on
 * request, else the result is marked locally administered (U/L bit set) so it is never taken for a real vendor's.
 */
import type { HmacKey } from './hmac-sha256.ts'

export function anonymizeMac(hmac: HmacKey, mac: Uint8Array, keepOui: boolean): Uint8Array {
  if (mac.length !== 6) throw new RangeError(`a MAC address has 6 bytes, not ${mac.length}`)
  if ((mac[0] & 1) !== 0) return mac.slice()
  const message = new Uint8Array(7)
  message[0] = 0x4d // 'M': a domain apart from the IP PRF inputs (whose first byte is 4 or 6)
  message.set(mac, 1)
  const h = hmac.mac(message)
  const out = h.slice(0, 6)
  if (keepOui) out.set(mac.subarray(0, 3))
  else out[0] = (out[0] & 0xfc) | 0x02 // unicast, locally administered
  return out
}
