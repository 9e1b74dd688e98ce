/**
 * DHCP and BOOTP messages (RFC 2131 section 2, https://www.rfc-editor.org/rfc/rfc2131#section-2; options
 * RFC 2132): op, chaddr, yiaddr and the options DHCP Message Type (53), Host Name (12) and Requested IP
 * Address (50). The option walk moves forward on every step, stops at End (255) or at an option whose length
 * runs past the message (dhcp.opt_invalid_len), and ignores Option Overload (52): options in sname/file are
 * not read.
 */
import { escapeBytes } from '../lib/escape.ts'
import { formatIPv4 } from '../model/address-table.ts'
import type { AnomalyCounter } from '../model/anomalies.ts'
import type { DhcpFact } from '../model/app-facts.ts'

/** op .. file: the fixed BOOTP part (RFC 2131 figure 1). */
export const DHCP_FIXED_LENGTH = 236
const MAGIC_COOKIE = 0x63825363
const OPT_PAD = 0
const OPT_END = 255
const OPT_HOST_NAME = 12
const OPT_REQUESTED_IP = 50
const OPT_MESSAGE_TYPE = 53
const MAX_OPTIONS = 256
const HEX = '0123456789abcdef'

function u32(buf: Uint8Array, at: number): number {
  return ((buf[at] << 24) | (buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]) >>> 0
}

/** Decodes the message in buf[start, end); null (with an anomaly) when it is not a BOOTP message. */
export function decodeDhcp(buf: Uint8Array, start: number, end: number, anomalies: AnomalyCounter): DhcpFact | null {
  end = Math.min(end, buf.length)
  if (end - start < DHCP_FIXED_LENGTH) {
    anomalies.add('dhcp.truncated')
    return null
  }
  const op = buf[start]
  const hlen = buf[start + 2]
  if (op !== 1 && op !== 2) {
    anomalies.add('dhcp.bad_op')
    return null
  }
  if (hlen > 16) anomalies.add('dhcp.bad_hlen')
  const htype = buf[start + 1]
  const clientMac = hardwareAddress(buf, start + 28, htype === 1 && hlen === 6 ? 6 : Math.min(hlen, 16))
  const yourIp = formatIPv4(u32(buf, start + 16))

  let messageType = 0
  let hostName: string | null = null
  let requestedIp: string | null = null
  let pos = start + DHCP_FIXED_LENGTH
  // Without the magic cookie this is plain BOOTP (RFC 951): no options.
  if (pos + 4 <= end && u32(buf, pos) === MAGIC_COOKIE) {
    pos += 4
    for (let n = 0; n < MAX_OPTIONS && pos < end; n++) {
      const code = buf[pos]
      if (code === OPT_END) break
      if (code === OPT_PAD) {
        pos++
        continue
      }
      if (pos + 2 > end || pos + 2 + buf[pos + 1] > end) {
        anomalies.add('dhcp.opt_invalid_len')
        break
      }
      const length = buf[pos + 1]
      const data = pos + 2
      if (code === OPT_MESSAGE_TYPE) {
        if (length === 1) messageType = buf[data]
        else anomalies.add('dhcp.opt_invalid_len')
      } else if (code === OPT_REQUESTED_IP) {
        if (length === 4) requestedIp = formatIPv4(u32(buf, data))
        else anomalies.add('dhcp.opt_invalid_len')
      } else if (code === OPT_HOST_NAME) {
        // RFC 2132 section 3.14: minimum length 1. Some clients NUL-terminate the name; that NUL is dropped.
        let nameEnd = data + length
        while (nameEnd > data && buf[nameEnd - 1] === 0) nameEnd--
        if (length >= 1) hostName = escapeBytes(buf.subarray(data, nameEnd))
        else anomalies.add('dhcp.opt_invalid_len')
      }
      pos = data + length // moves forward by at least 2
    }
  }
  return { kind: 'dhcp', messageType, clientMac, hostName, requestedIp, yourIp }
}

/** chaddr as colon-separated hex (a MAC address for Ethernet). */
function hardwareAddress(buf: Uint8Array, at: number, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) {
    const b = buf[at + i]
    out += (i === 0 ? '' : ':') + HEX[b >>> 4] + HEX[b & 15]
  }
  return out
}
