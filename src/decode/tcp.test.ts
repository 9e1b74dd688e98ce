import { beforeEach, describe, expect, it, vi } from 'vitest'
import { TcpFlag } from '../model/packet-batch.ts'
import { decodeApp } from './app.ts'
import { decode, eth, hex, ipv4, ipv6, tcp, transport } from './frame-test-kit.ts'

vi.mock('./app.ts', () => ({ decodeApp: vi.fn() }))
const app = vi.mocked(decodeApp)
beforeEach(() => {
  app.mockReset()
})

describe('TCP', () => {
  it('reads ports, sequence numbers, flags including NS, window and payload length', () => {
    const segment = hex(`
      c350 01bb    // source port 50000, destination port 443
      00000064     // sequence number 100
      000000c8     // acknowledgment number 200
      5 1 18       // data offset 5, reserved 000 + NS=1, flags PSH|ACK
      4000         // window 16384
      0000 0000    // checksum, urgent pointer
      68656c6c6f   // "hello"
    `)
    const d = decode(1, eth(0x0800, ipv4(6, segment)))
    const b = d.batch
    expect(d.layers).toEqual(['eth', 'ip', 'tcp'])
    expect(transport(d)).toEqual({ ipProto: 6, srcPort: 50000, dstPort: 443, payloadLen: 5 })
    expect([b.tcpSeq[d.row], b.tcpAck[d.row], b.tcpWindow[d.row]]).toEqual([100, 200, 16384])
    expect(b.tcpFlags[d.row]).toBe(TcpFlag.NS | TcpFlag.PSH | TcpFlag.ACK)
  })

  it('hands the captured payload to the application decoders with the row already filled', () => {
    app.mockImplementation((_ctx, batch, row) => {
      expect(batch.dstPort[row]).toBe(80)
      expect(batch.ipProto[row]).toBe(6)
    })
    const frame = eth(0x0800, ipv4(6, tcp(40000, 80, hex('474554202f20'))))
    const d = decode(1, frame)
    expect(app).toHaveBeenCalledTimes(1)
    const [, batch, row, start, end] = app.mock.calls[0]
    expect(row).toBe(d.row)
    expect(batch).toBe(d.batch)
    expect(end - start).toBe(6)
    expect(d.ctx.reader.buf[start]).toBe(0x47)
  })

  it('passes only the captured part of a payload cut by the snaplen, and nothing when none was captured', () => {
    const frame = eth(0x0800, ipv4(6, tcp(40000, 80, new Uint8Array(100))))
    decode(1, frame, { capLen: 14 + 20 + 20 + 10 })
    expect(app.mock.calls[0][4] - app.mock.calls[0][3]).toBe(10)
    app.mockClear()
    const d = decode(1, frame, { capLen: 14 + 20 + 20 })
    expect(app).not.toHaveBeenCalled()
    expect(transport(d).payloadLen).toBe(100)
    expect(d.anomalies).toEqual({})
  })

  it('walks MSS, SACK-permitted, timestamps, NOP and window scale options', () => {
    const options = hex('020405b4 0402 080a0000000100000000 01 030307')
    const d = decode(1, eth(0x0800, ipv4(6, tcp(1, 2, new Uint8Array(0), { options, flags: TcpFlag.SYN }))))
    expect(d.anomalies).toEqual({})
    expect(d.batch.tcpFlags[d.row]).toBe(TcpFlag.SYN)
  })

  it('stops the option walk at an option length of 0 or 1 with tcp.opt_invalid_len', () => {
    for (const options of ['0200 0000', '0801 0000', '01 01 01 08']) {
      const d = decode(1, eth(0x0800, ipv4(6, tcp(1, 2, new Uint8Array(0), { options: hex(options) }))))
      expect(d.anomalies).toEqual({ 'tcp.opt_invalid_len': 1 })
      expect(transport(d).srcPort).toBe(1)
    }
  })

  it('counts tcp.hlen_too_small for a data offset below 5 or past the segment, keeping the fixed fields', () => {
    const small = decode(1, eth(0x0800, ipv4(6, tcp(7, 8, new Uint8Array(4), { dataOffset: 4 }))))
    expect(small.anomalies).toEqual({ 'tcp.hlen_too_small': 1 })
    expect(transport(small)).toEqual({ ipProto: 6, srcPort: 7, dstPort: 8, payloadLen: 0 })
    const large = decode(1, eth(0x0800, ipv4(6, tcp(7, 8, new Uint8Array(4), { dataOffset: 15 }))))
    expect(large.anomalies).toEqual({ 'tcp.hlen_too_small': 1 })
    expect(app).not.toHaveBeenCalled()
  })

  it('counts tcp.pkt_too_small for fewer than 20 bytes', () => {
    const d = decode(1, eth(0x0800, ipv4(6, hex('c350 01bb 00000064'))))
    expect(d.anomalies).toEqual({ 'tcp.pkt_too_small': 1 })
    expect(d.layers).toEqual(['eth', 'ip', 'tcp'])
  })

  it('works over IPv6 too', () => {
    const d = decode(1, eth(0x86dd, ipv6(6, tcp(1234, 22, new Uint8Array(3)))))
    expect(transport(d)).toEqual({ ipProto: 6, srcPort: 1234, dstPort: 22, payloadLen: 3 })
  })
})
