/** Frame dispatch by link type (placeholder until the link-layer decoders land). */
import type { PacketBatch } from '../model/packet-batch.ts'
import type { DecodeContext } from './context.ts'

export function decodeFrame(ctx: DecodeContext, linkType: number, _data: Uint8Array, _start: number, _capLen: number, _batch: PacketBatch, _row: number): void {
  ctx.unsupportedLinkTypes.set(linkType, (ctx.unsupportedLinkTypes.get(linkType) ?? 0) + 1)
}
