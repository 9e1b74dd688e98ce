/**
 * The hosts a scenario set plays with: existing ones from the survey (with the MAC their frames carry) and new
 * ones it invents. New internal hosts take unused addresses of the busiest internal /24 and locally
 * administered MACs; new external hosts take public addresses; every external host sits behind the router's
 * MAC, so a frame between an internal and an external host carries the internal host's MAC and the router's,
 * as on a real LAN. One pool serves a whole set, so two scenarios asking for "new" get different hosts.
 */
import { classifyIPv4, INTERNAL, NOT_A_HOST } from '../../baseline/address-class.ts'
import { ipToText, macFromIndex, parseIpv4, parseMac } from '../craft/addresses.ts'
import type { Endpoint } from '../craft/conversation.ts'
import { fmix32 } from '../../lib/hash.ts'
import type { Random } from './random.ts'
import type { HostChoice } from './schema.ts'
import type { Survey } from './survey.ts'

export interface Host extends Endpoint {
  readonly text: string
  readonly macText: string
  readonly internal: boolean
  readonly isNew: boolean
  /** Ports it answered on in the traffic (empty for new hosts). */
  readonly services: readonly number[]
  /** Flows it started in the traffic (0 for new hosts): clients have some. */
  readonly originated: number
}

const macText = (m: Uint8Array): string => Array.from(m, (b) => b.toString(16).padStart(2, '0')).join(':')
const ipNumber = (ip: Uint8Array): number => ((ip[0] << 24) | (ip[1] << 16) | (ip[2] << 8) | ip[3]) >>> 0

/** Used when the traffic shows no router: a fixed locally administered MAC. */
const FALLBACK_ROUTER_MAC = Uint8Array.of(0x02, 0x4e, 0x52, 0x54, 0x00, 0x01)
/** Used when the traffic has no internal IPv4 hosts at all. */
const FALLBACK_SUBNET = 0xc0a83200 // 192.168.50.0/24

export class HostPool {
  readonly routerMac: Uint8Array
  readonly subnet: number
  private readonly known = new Map<string, Host>()
  private readonly used = new Set<number>()
  private nextInternal = 200
  private nextExternal = 10
  private newMacs = 0

  constructor(readonly survey: Survey) {
    this.routerMac = survey.gatewayMac !== null ? parseMac(survey.gatewayMac) : FALLBACK_ROUTER_MAC
    const subnets = new Map<number, number>()
    for (const h of survey.hosts) {
      const ip = parseIpv4(h.ip)
      const n = ipNumber(ip)
      this.used.add(n)
      if (h.internal) subnets.set(n & 0xffffff00, (subnets.get(n & 0xffffff00) ?? 0) + 1)
      // Internal hosts seen without a MAC (a capture without Ethernet) get a stable made-up one.
      const mac = h.internal ? (h.mac !== null ? parseMac(h.mac) : macFromIndex(fmix32(n) | 0x100000)) : this.routerMac
      this.known.set(h.ip, { ip, mac, text: h.ip, macText: macText(mac), internal: h.internal, isNew: false, services: h.services, originated: h.originated })
    }
    let best = FALLBACK_SUBNET
    let bestN = 0
    for (const [s, n] of subnets) if (n > bestN) [best, bestN] = [s, n]
    this.subnet = best
  }

  /** An existing host by address, or null. */
  existing(text: string): Host | null {
    return this.known.get(text) ?? null
  }

  /** Existing internal unicast hosts, busiest first. */
  internalHosts(): Host[] {
    return [...this.known.values()].filter((h) => h.internal && (classifyIPv4(ipNumber(h.ip)) & NOT_A_HOST) === 0)
  }

  /** Existing hosts that answered on `port` (any port when null), busiest first. */
  servers(port: number | null = null, internalOnly = false): Host[] {
    return [...this.known.values()].filter((h) => (port === null ? h.services.length > 0 : h.services.includes(port)) && (!internalOnly || h.internal))
  }

  /** A host of the traffic by address, or a new one when the address is unknown (it then joins the pool). */
  byAddress(text: string): Host {
    const found = this.known.get(text)
    if (found !== undefined) return found
    const ip = parseIpv4(text)
    const internal = (classifyIPv4(ipNumber(ip)) & INTERNAL) !== 0
    const mac = internal ? this.freshMac() : this.routerMac
    const h: Host = { ip, mac, text, macText: macText(mac), internal, isNew: true, services: [], originated: 0 }
    this.used.add(ipNumber(ip))
    this.known.set(text, h)
    return h
  }

  /** A host that does not exist yet in the busiest internal /24 (further /24s when it is full). */
  newInternal(): Host {
    for (let tries = 0; tries < 1 << 16; tries++) {
      const n = (this.subnet + Math.floor(this.nextInternal / 254) * 256 + (this.nextInternal % 254) + 1) >>> 0
      this.nextInternal = this.nextInternal + 1
      if (this.used.has(n)) continue
      return this.byAddress(ipToText(Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255)))
    }
    throw new RangeError('no free internal address left')
  }

  /** A public host that does not exist yet (203.0.113.0/24, then 198.51.100.0/24 and 192.0.2.0/24: documentation ranges). */
  newExternal(): Host {
    const bases = [0xcb007100, 0xc6336400, 0xc0000200]
    for (let tries = 0; tries < 3 * 254; tries++) {
      const k = this.nextExternal++ % (3 * 254)
      const n = (bases[Math.floor(k / 254)] + (k % 254) + 1) >>> 0
      if (this.used.has(n)) continue
      return this.byAddress(ipToText(Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255)))
    }
    throw new RangeError('no free documentation address left')
  }

  /** A random public unicast address (botnet sources, reflectors), not one of the traffic's hosts. */
  randomExternal(rng: Random): Host {
    for (let tries = 0; tries < 1000; tries++) {
      const a = rng.int(11, 223)
      const n = ((a << 24) | (rng.int(0, 255) << 16) | (rng.int(0, 255) << 8) | rng.int(1, 254)) >>> 0
      if (this.used.has(n) || (classifyIPv4(n) & (INTERNAL | NOT_A_HOST)) !== 0 || a === 100 || a === 127) continue
      return this.byAddress(ipToText(Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255)))
    }
    return this.newExternal()
  }

  /** Resolves a scenario's attacker or target: an address, "new" (internal or external as asked), or the fallback. */
  resolve(choice: HostChoice | null, newIsInternal: boolean, fallback: () => Host): Host {
    if (choice === null) return fallback()
    if (choice === 'new') return newIsInternal ? this.newInternal() : this.newExternal()
    return this.byAddress(choice)
  }

  private freshMac(): Uint8Array {
    return macFromIndex(0x00a77ac0 + this.newMacs++)
  }
}
