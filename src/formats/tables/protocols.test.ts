import { describe, expect, it } from 'vitest'
import { normaliseProtocol, normaliseService, PortServices, protocolNumber, serviceFromPort } from './protocols.ts'
import { StringTable } from './string-table.ts'

describe('protocols', () => {
  it('normalises protocol cells to lower-case keywords', () => {
    expect(['TCP', ' udp ', '6', '17', '1', '58', 'ipv6-icmp', 'ICMP6', 'SCTP', '-', '', 'llc'].map(normaliseProtocol)).toEqual([
      'tcp', 'udp', 'tcp', 'udp', 'icmp', 'icmpv6', 'icmpv6', 'icmpv6', 'sctp', '', '', 'llc',
    ])
    expect(protocolNumber('udp')).toBe(17)
    expect(protocolNumber('icmp')).toBe(-1)
  })

  it('normalises services, KDD spellings included, and names ports', () => {
    expect(normaliseService('HTTP')).toBe('http')
    expect(normaliseService('-')).toBe('')
    expect(normaliseService('(empty)')).toBe('')
    expect(normaliseService('domain_u', true)).toBe('dns')
    expect(normaliseService('ftp_data', true)).toBe('ftp-data')
    expect(normaliseService('private', true)).toBe('private')
    expect(serviceFromPort('tcp', 443)).toBe('https')
    expect(serviceFromPort('udp', 443)).toBe('quic')
    expect(serviceFromPort('tcp', 1)).toBe('')
    expect(serviceFromPort('icmp', 80)).toBe('')
  })

  it('caches services by protocol id and port', () => {
    const strings = new StringTable()
    const tcp = strings.intern('tcp')
    const services = new PortServices(strings)
    const id = services.id(tcp, 22)
    expect(strings.strings[id]).toBe('ssh')
    expect(services.id(tcp, 22)).toBe(id)
    expect(services.id(tcp, -1)).toBe(0)
    expect(services.id(0, 22)).toBe(0)
  })
})
