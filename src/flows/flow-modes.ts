/**
 * Named flow-assembly modes: what counts as one flow, when it ends, and who its originator is.
 *
 * - `zeek` (the default): Zeek's connection semantics. Inactivity timeouts from Zeek's init-bare.zeek
 *   (https://docs.zeek.org/en/master/scripts/base/init-bare.zeek.html): tcp_inactivity_timeout 5 min,
 *   udp_inactivity_timeout 1 min, icmp_inactivity_timeout 1 min, unknown_ip_inactivity_timeout 1 min; a TCP
 *   connection still in its handshake uses the UDP timeout (Zeek's TCP analyzer only switches to the TCP timeout
 *   when an endpoint leaves the handshake states); tcp_attempt_delay 5 s (an unanswered SYN is given up after
 *   5 s), tcp_close_delay / tcp_reset_delay 5 s (a closed connection lingers 5 s), tcp_SYN_timeout 5 s and
 *   tcp_session_timer 6 s (the expire-timer grid), tcp_connection_linger 5 s. A SYN with a new initial sequence
 *   number on a known 5-tuple starts a new connection (Zeek's TCPSessionAdapter::IsReuse). Originator roles are
 *   guessed from likely server ports as Zeek's WantConnection does. UDP to a DNS port also ends on Zeek's DNS
 *   expire timer (dns_session_timeout 10 s). Packets Zeek makes no connection of (IPv6 No Next Header, TCP/UDP/
 *   ICMP without a readable transport header) belong to no flow (untrackedLikeZeek).
 * - `wireshark`: Wireshark/tshark conversations (`-z conv,tcp`, `-z conv,udp`): no timeouts; one conversation per
 *   address/port pair, except that a TCP SYN whose sequence number differs from the first one seen from that side
 *   starts a new TCP stream (Wireshark's packet-tcp.c port-reuse rule, which `conv,tcp` counts per tcp.stream).
 * - `cicflowmeter`: CICFlowMeter-4.0 (https://github.com/ahlashkari/CICFlowMeter, FlowGenerator.java and Cmd.java):
 *   flowTimeout 120 s measured from the flow's first packet (an "active" timeout), the first FIN from either side
 *   ends the flow with that packet included, and the 5 s activityTimeout only delimits the Active/Idle statistics
 *   (it does not end flows). CICFlowMeter writes only flows of more than one packet; `toRecords({minPackets: 2})`
 *   reproduces that.
 *
 * Why `zeek` is the default: its connections are the most useful unit for analysis. Inactivity timeouts separate
 * repeated exchanges on the same ports (DNS, NTP) that Wireshark merges into one conversation for the whole
 * capture, port reuse is detected, and unlike CICFlowMeter it does not end a TCP flow at the first FIN (which
 * leaves the rest of every teardown as spurious one-packet flows). It also gives every flow Zeek's conn_state and
 * history, the vocabulary analysts and detectors already use.
 */
export type FlowModeName = 'wireshark' | 'zeek' | 'cicflowmeter'

export interface FlowModeParams {
  readonly name: FlowModeName | 'custom'
  /** Seconds without a packet after which a flow ends; Infinity = never. */
  readonly tcpIdleTimeout: number
  /** TCP idle timeout while neither side has left the handshake (Zeek uses its UDP timeout there). */
  readonly tcpHandshakeIdleTimeout: number
  readonly udpIdleTimeout: number
  readonly icmpIdleTimeout: number
  /** Other IP protocols and non-IP (ARP, ...). */
  readonly otherIdleTimeout: number
  /** Seconds from a flow's first packet after which the next packet starts a new flow; Infinity = never. */
  readonly activeTimeout: number
  /** Zeek's TCP timers (attempt, close/reset linger, expire grid) end connections; otherwise only timeouts do. */
  readonly zeekTcpTimers: boolean
  /** How a SYN on a known TCP 5-tuple starts a new flow: Zeek's IsReuse, Wireshark's new-ISN rule, or never. */
  readonly tcpReuse: 'zeek' | 'wireshark' | 'never'
  /** The first packet with FIN ends the flow (CICFlowMeter). */
  readonly finEndsFlow: boolean
  /** ICMP keying: Zeek's type/counterpart-type ports, or echo identifier (ping sessions) as Wireshark shows them. */
  readonly icmpKey: 'zeek' | 'echo-id'
  /** Who is the originator of a new flow. */
  readonly originator: 'zeek' | 'first-packet-syn-ack-flip' | 'first-packet'
  /** Include the outer VLAN id in the flow key (Zeek, Wireshark and CICFlowMeter do not by default). */
  readonly keyByVlan: boolean
  /**
   * Zeek's DNS analyzer ends a UDP connection to a DNS port (53, 137, 5353, 5355) when its expire timer, first
   * due dns_session_timeout (10 s) after the start and then every 10 s, finds it idle for 9 s or more
   * (DNS_Analyzer::ExpireTimer). Infinity turns this off.
   */
  readonly dnsSessionTimeout: number
  /**
   * Packets Zeek makes no connection of belong to no flow: IPv6 No Next Header (59: a Teredo bubble, or Zeek's
   * ipv6_no_next weird; IP.cc forwards it to no session), and TCP, UDP and ICMP packets whose transport header
   * is missing or cut short (a non-first fragment Zeek holds for reassembly; a truncated_header weird, since
   * Zeek's BuildConnTuple needs the ports). Otherwise they form flows keyed without ports (FlowFlag.NoTransport).
   */
  readonly untrackedLikeZeek: boolean
}

const ZEEK: FlowModeParams = Object.freeze({
  name: 'zeek',
  tcpIdleTimeout: 300,
  tcpHandshakeIdleTimeout: 60,
  udpIdleTimeout: 60,
  icmpIdleTimeout: 60,
  otherIdleTimeout: 60,
  activeTimeout: Infinity,
  zeekTcpTimers: true,
  tcpReuse: 'zeek',
  finEndsFlow: false,
  icmpKey: 'zeek',
  originator: 'zeek',
  keyByVlan: false,
  dnsSessionTimeout: 10,
  untrackedLikeZeek: true,
})

const WIRESHARK: FlowModeParams = Object.freeze({
  name: 'wireshark',
  tcpIdleTimeout: Infinity,
  tcpHandshakeIdleTimeout: Infinity,
  udpIdleTimeout: Infinity,
  icmpIdleTimeout: Infinity,
  otherIdleTimeout: Infinity,
  activeTimeout: Infinity,
  zeekTcpTimers: false,
  tcpReuse: 'wireshark',
  finEndsFlow: false,
  icmpKey: 'echo-id',
  originator: 'first-packet-syn-ack-flip',
  keyByVlan: false,
  dnsSessionTimeout: Infinity,
  untrackedLikeZeek: false,
})

const CICFLOWMETER: FlowModeParams = Object.freeze({
  name: 'cicflowmeter',
  tcpIdleTimeout: Infinity,
  tcpHandshakeIdleTimeout: Infinity,
  udpIdleTimeout: Infinity,
  icmpIdleTimeout: Infinity,
  otherIdleTimeout: Infinity,
  activeTimeout: 120,
  zeekTcpTimers: false,
  tcpReuse: 'never',
  finEndsFlow: true,
  icmpKey: 'echo-id',
  originator: 'first-packet',
  keyByVlan: false,
  dnsSessionTimeout: Infinity,
  untrackedLikeZeek: false,
})

export const FLOW_MODES: Readonly<Record<FlowModeName, FlowModeParams>> = Object.freeze({
  zeek: ZEEK,
  wireshark: WIRESHARK,
  cicflowmeter: CICFLOWMETER,
})

export const DEFAULT_FLOW_MODE: FlowModeName = 'zeek'

/** Seconds a closed Zeek connection lingers (tcp_close_delay, tcp_reset_delay) and an unanswered SYN waits (tcp_attempt_delay). */
export const ZEEK_CLOSE_DELAY = 5
export const ZEEK_ATTEMPT_DELAY = 5
/** First expire-timer check (tcp_SYN_timeout), its period (tcp_session_timer) and the idle time it needs (tcp_connection_linger). */
export const ZEEK_SYN_TIMEOUT = 5
export const ZEEK_SESSION_TIMER = 6
export const ZEEK_CONNECTION_LINGER = 5

/** The parameters for a mode name, or the given parameters (validated: negative or NaN timeouts become Infinity). */
export function resolveFlowMode(mode: FlowModeName | FlowModeParams): FlowModeParams {
  if (typeof mode === 'string') return FLOW_MODES[mode] ?? ZEEK
  const t = (x: number): number => (Number.isFinite(x) && x > 0 ? x : x === 0 ? 0 : Infinity)
  return Object.freeze({
    ...mode,
    tcpIdleTimeout: t(mode.tcpIdleTimeout),
    tcpHandshakeIdleTimeout: t(mode.tcpHandshakeIdleTimeout),
    udpIdleTimeout: t(mode.udpIdleTimeout),
    icmpIdleTimeout: t(mode.icmpIdleTimeout),
    otherIdleTimeout: t(mode.otherIdleTimeout),
    activeTimeout: t(mode.activeTimeout),
    dnsSessionTimeout: t(mode.dnsSessionTimeout),
  })
}

/** The mode named by a user (CLI flag, URL, settings); undefined gives the default, an unknown name null. */
export function parseFlowMode(value: string | undefined): FlowModeName | null {
  if (value === undefined) return DEFAULT_FLOW_MODE
  return Object.hasOwn(FLOW_MODES, value) ? (value as FlowModeName) : null
}
