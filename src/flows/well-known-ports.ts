/**
 * Port tables: Zeek's default `likely_server_ports` (used to guess which side is the server when a connection
 * starts without a SYN, as Zeek's TCP/UDP WantConnection does) and service names by port for the application
 * guess when no payload was recognised (IANA service names, https://www.iana.org/assignments/service-names-port-numbers).
 *
 * The likely-server-port sets are the ports Zeek's base protocol scripts add with
 * `redef likely_server_ports += { ports }` (http, ssl, dns, ftp, smtp, ssh, pop3, imap, irc, smb, rdp, socks,
 * mysql, modbus, dnp3, xmpp, ldap, krb, ntp, snmp, syslog, sip, radius, dhcp server side, tunnels: ayiya, teredo,
 * gtp, vxlan, geneve). DHCP adds only 67/udp, so a 68 -> 67 exchange seen from the server first is flipped.
 */
const TCP_SERVER_PORTS = [
  21, 22, 25, 53, 80, 81, 88, 110, 139, 143, 389, 443, 445, 502, 563, 585, 587, 614, 631, 636, 989, 990, 992, 993,
  995, 1080, 1883, 2811, 3128, 3268, 3306, 3389, 5222, 5223, 5269, 6379, 6666, 6667, 6668, 6669, 8000, 8080, 8888,
  20000,
]
const UDP_SERVER_PORTS = [
  53, 67, 88, 123, 137, 161, 162, 389, 443, 514, 1812, 2123, 2152, 3389, 3544, 4789, 5060, 5072, 5353, 5355, 6081,
  20000,
]

function bitmap(ports: readonly number[]): Uint8Array {
  const m = new Uint8Array(8192)
  for (const p of ports) m[p >>> 3] |= 1 << (p & 7)
  return m
}

const TCP_SERVER = bitmap(TCP_SERVER_PORTS)
const UDP_SERVER = bitmap(UDP_SERVER_PORTS)

/** True when Zeek would consider `port` a likely server port for IP protocol `proto` (6 TCP, 17 UDP). */
export function isLikelyServerPort(proto: number, port: number): boolean {
  const m = proto === 6 ? TCP_SERVER : proto === 17 ? UDP_SERVER : null
  if (m === null) return false
  const p = port & 0xffff
  return (m[p >>> 3] & (1 << (p & 7))) !== 0
}

/** Service names for common ports, shared by TCP and UDP unless noted (`tcp:`/`udp:` prefixed keys win). */
const SERVICE_BY_PORT: ReadonlyMap<string, string> = new Map([
  ['20', 'ftp-data'], ['21', 'ftp'], ['22', 'ssh'], ['23', 'telnet'], ['25', 'smtp'], ['53', 'dns'],
  ['udp:67', 'dhcp'], ['udp:68', 'dhcp'], ['69', 'tftp'], ['80', 'http'], ['88', 'kerberos'], ['110', 'pop3'],
  ['111', 'sunrpc'], ['119', 'nntp'], ['123', 'ntp'], ['135', 'dce-rpc'], ['137', 'netbios-ns'],
  ['138', 'netbios-dgm'], ['139', 'netbios-ssn'], ['143', 'imap'], ['161', 'snmp'], ['162', 'snmp-trap'],
  ['179', 'bgp'], ['389', 'ldap'], ['tcp:443', 'https'], ['udp:443', 'quic'], ['445', 'smb'], ['465', 'smtps'],
  ['500', 'isakmp'], ['514', 'syslog'], ['515', 'printer'], ['520', 'rip'], ['546', 'dhcpv6'], ['547', 'dhcpv6'],
  ['554', 'rtsp'], ['587', 'submission'], ['631', 'ipp'], ['636', 'ldaps'], ['853', 'dns-over-tls'],
  ['873', 'rsync'], ['993', 'imaps'], ['995', 'pop3s'], ['1080', 'socks'], ['1194', 'openvpn'],
  ['1433', 'mssql'], ['1723', 'pptp'], ['1812', 'radius'], ['1813', 'radius-acct'], ['1883', 'mqtt'],
  ['1900', 'ssdp'], ['2049', 'nfs'], ['2123', 'gtp-c'], ['2152', 'gtp-u'], ['3128', 'http-proxy'],
  ['3306', 'mysql'], ['3389', 'rdp'], ['3478', 'stun'], ['3544', 'teredo'], ['4500', 'ipsec-nat-t'],
  ['4789', 'vxlan'], ['5060', 'sip'], ['5061', 'sips'], ['5222', 'xmpp'], ['5353', 'mdns'], ['5355', 'llmnr'],
  ['5432', 'postgresql'], ['5900', 'vnc'], ['6081', 'geneve'], ['6379', 'redis'], ['6667', 'irc'],
  ['8000', 'http-alt'], ['8080', 'http-alt'], ['8443', 'https-alt'], ['8888', 'http-alt'], ['9200', 'elasticsearch'],
  ['11211', 'memcached'], ['27017', 'mongodb'],
])

/** Service name for a port of IP protocol `proto`, or null. */
export function serviceForPort(proto: number, port: number): string | null {
  const prefix = proto === 6 ? 'tcp:' : proto === 17 ? 'udp:' : null
  if (prefix === null) return null
  const key = String(port)
  return SERVICE_BY_PORT.get(prefix + key) ?? SERVICE_BY_PORT.get(key) ?? null
}
