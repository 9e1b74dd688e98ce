/** Helpers shared by the CLI tests: a tiny frame builder and a way to run the command line in-process. */
import { main } from './main.ts'

/** Ethernet + IPv4 + UDP datagram from a:sport to b:dport (checksums zero: allowed for UDP over IPv4). */
export function udpFrame(a: number, b: number, sport: number, dport: number, payload: number): Uint8Array {
  const f = new Uint8Array(14 + 20 + 8 + payload)
  const v = new DataView(f.buffer)
  f.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1], 0)
  v.setUint16(12, 0x0800)
  v.setUint8(14, 0x45)
  v.setUint16(16, 20 + 8 + payload)
  v.setUint8(22, 64)
  v.setUint8(23, 17)
  v.setUint32(26, a)
  v.setUint32(30, b)
  v.setUint16(34, sport)
  v.setUint16(36, dport)
  v.setUint16(38, 8 + payload)
  return f
}

/** Runs `nettwin ARGS` in-process and returns its exit code and what it printed. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false })
  return { code, out, err }
}
