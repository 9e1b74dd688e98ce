/**
 * The application a flow carries: by content when a decoder recognised it in any of the flow's packets
 * (PacketBatch.app: DNS, TLS, HTTP, DHCP, QUIC), else by the responder's port, else by the originator's port
 * (a flow seen from its middle may have the roles the wrong way round). The content answer is stored per flow
 * (one byte); the port answer is derived when asked.
 */
import { serviceForPort } from './well-known-ports.ts'

/** Names of PacketBatch App values (model/packet-batch.ts), by value. */
export const CONTENT_APP_NAMES = ['', 'dns', 'tls', 'http', 'dhcp', 'quic'] as const

export interface AppGuess {
  readonly name: string
  readonly source: 'content' | 'port'
}

export function guessApp(contentApp: number, proto: number, origPort: number, respPort: number): AppGuess | null {
  const byContent = contentApp > 0 && contentApp < CONTENT_APP_NAMES.length ? CONTENT_APP_NAMES[contentApp] : ''
  if (byContent !== '') return { name: byContent, source: 'content' }
  const byPort = serviceForPort(proto, respPort) ?? serviceForPort(proto, origPort)
  return byPort === null ? null : { name: byPort, source: 'port' }
}
