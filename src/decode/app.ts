/**
 * Application-layer dispatch (placeholder until the application decoders land): called by the transport
 * decoders with the L4 payload range of row `row` in ctx.reader.
 */
import type { PacketBatch } from '../model/packet-batch.ts'
import type { DecodeContext } from './context.ts'

export function decodeApp(_ctx: DecodeContext, _batch: PacketBatch, _row: number, _start: number, _end: number): void {}
