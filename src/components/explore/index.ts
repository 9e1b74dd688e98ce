/**
 * The exploration views, in the order the view list shows them: the three tables (flows, conversations,
 * endpoints), the topology, one host in detail, and the replay. Each has one paragraph for learners.
 */
import type { ViewDefinition } from '../views/view-definition.ts'
import { ConversationsTable } from './ConversationsTable.tsx'
import { EndpointsTable } from './EndpointsTable.tsx'
import { HOST_VIEW_ID } from './explore-selection.ts'
import { FlowsTable } from './FlowsTable.tsx'
import { HostView } from './HostView.tsx'
import { ReplayView } from './ReplayView.tsx'
import { TopologyView } from './TopologyView.tsx'
import './explore.css'

export const exploreViews: readonly ViewDefinition[] = [
  {
    id: 'flows',
    label: 'Flows',
    explanation:
      'A flow is one connection or exchange between two endpoints: the same addresses, ports and protocol, from its first packet to its last. ' +
      'Each row says who started it (source), who answered (destination), the application guessed from its content or port, its state ' +
      '(SF: opened and closed normally; S0: nobody answered; REJ: refused; see Zeek\'s conn_state), how many packets and bytes it carried, ' +
      'how long it lasted, the TCP handshake round-trip time and how many segments had to be sent again. Type a filter such as ' +
      'ip.addr == 10.0.0.1 && tcp.port == 443 and press Enter to keep only matching flows; click a column title to sort; click a row to see its source host.',
    component: FlowsTable,
  },
  {
    id: 'conversations',
    label: 'Conversations',
    explanation:
      'Conversations add up all traffic between two endpoints, as Wireshark\'s Statistics › Conversations does: per Ethernet address pair, ' +
      'IP address pair, or TCP/UDP address-and-port pair. Address A is the side that sent first; the A→B and B→A columns show how lopsided ' +
      'the exchange was (a download is small A→B and large B→A). Rel start is the time since the first packet of the capture.',
    component: ConversationsTable,
  },
  {
    id: 'endpoints',
    label: 'Endpoints',
    explanation:
      'Endpoints are the individual IP addresses seen, with the packets and bytes each sent (Tx) and received (Rx), as Wireshark\'s ' +
      'Statistics › Endpoints shows them. The role is nettwin\'s guess from behaviour: a server mostly answers on well-known ports, a client ' +
      'mostly opens connections, a DNS server answers on port 53, and a gateway is the router whose network card also carries the traffic ' +
      'of many other addresses. The name comes from DNS answers or the server name a client asked for.',
    component: EndpointsTable,
  },
  {
    id: 'topology',
    label: 'Topology',
    explanation:
      'The topology draws every host as a circle, larger for more bytes, coloured by its role (or subnet), and a line between two hosts ' +
      'that exchanged traffic, thicker for more bytes. Hubs stand out: a server many clients reach, a gateway everything passes through. ' +
      'When there are too many hosts to draw, hosts of the same subnet are grouped into one circle; click it to open it. Scroll to zoom, ' +
      'drag the background to pan and a circle to move it, and click a host to see its details below (Tab and Enter work too).',
    component: TopologyView,
  },
  {
    id: HOST_VIEW_ID,
    label: 'Host details',
    explanation:
      'Everything about one host: how much it sent and received, its busiest peers, the services it offers and uses, and how healthy its ' +
      'traffic was. Latency is the TCP handshake round-trip time; jitter is how irregular the spacing of its packets was; loss is estimated ' +
      'from TCP retransmissions; resets and refused attempts are connection errors; ICMP unreachables are routers or hosts saying a ' +
      'destination could not be reached. Link utilisation compares its throughput with the link speed you choose.',
    component: HostView,
  },
  {
    id: 'replay',
    label: 'Replay',
    explanation:
      'Replay plays the capture back like a video: press Play and choose a speed (10× plays ten seconds of capture per second) or drag the ' +
      'scrubber. The topology shows only the traffic of the last few seconds before the playhead (the window), the busiest flows of that ' +
      'window are listed, and the flows table below keeps to it, so you can watch an incident unfold: which host started talking first, ' +
      'and to whom.',
    component: ReplayView,
  },
]
