/**
 * Packet crafting for the twin: valid frames with correct lengths and checksums, written into one reused buffer.
 *
 * API (stable; scenarios build on it):
 *   FrameCrafter          begin() -> ethernet(dst, src) -> arp(op, sha, spa, tha, tpa) | ipv4(src, dst, proto, ttl?, id?) |
 *                         ipv6(src, dst, nextHeader, hopLimit?) | ip(src, dst, proto) -> tcp(sport, dport, seq, ack,
 *                         flags, window) [+ tcpMss/tcpSackPermitted/tcpWindowScale/tcpTimestamps/tcpNop] | udp(sport,
 *                         dport) | icmpEcho(request, id, seq) | icmpMessage(type, code, rest) -> bytes/bytesFrom/fill/
 *                         u8/u16/u32 -> finish(): length (fills every length and checksum). The frame is
 *                         crafter.frame (crafter.buf[0, length)), valid until the next begin(). Constants: FIN SYN RST
 *                         PSH ACK URG, ARP_REQUEST/ARP_REPLY, IPPROTO_*, ETHERTYPE_*.
 *   Conversation          per-flow state (seq/ack, IP id, TCP timestamps) over a FrameCrafter between two Endpoints
 *                         {mac, ip}: tcp(fromClient, flags, payload | null, length), tcpWith(fromClient, flags, head,
 *                         poolLength), udp(fromClient, payload | null, length), beginUdp(fromClient) (then write and
 *                         finish()), echo(fromClient, id, seq, dataLength), icmpError(type, code); then emit(sink,
 *                         timeUs). reset(...) reuses the object for another flow; tlsRecords frames pool payloads
 *                         as TLS application_data records.
 *   DNS                   encodeDnsName(name), writeDnsQuery(crafter, id, name, qtype), writeDnsResponse(crafter, id,
 *                         name, qtype, answers[{type, ttl, data}], rcode?), DNS_TYPE_A/AAAA/CNAME/TXT, txtData(text).
 *   TLS                   encodeClientHello(spec) -> record bytes; defaultClientHelloSpec(sni); patch the random at
 *                         CLIENT_HELLO_RANDOM_AT per flow.
 *   HTTP                  encodeHttpRequest(method, target, host, userAgent?, extra?), encodeHttpResponse(...).
 *   Addresses             parseIpv4, parseIpv6, parseIp, parseMac, macFromIndex, ipv4FromNumber, ipToText,
 *                         BROADCAST_MAC, ZERO_MAC.
 *   Checksums             internetChecksum(buf, from, to), sum16, foldChecksum, pseudoHeaderSum.
 *   FrameSink             frame(timeUs, data, length) with timeUs = microseconds since the epoch. Sinks:
 *                         PcapFrameSink(write, {nano?, reuseChunks?}), PcapngFrameSink(write, {nano?, reuseChunks?}),
 *                         BatchFrameSink(ctx, handler), analysisFrameSink(captureAnalysis), MemoryFrameSink,
 *                         CountingFrameSink, TeeFrameSink; call close() at the end (flushes; the batch sink
 *                         completes TLS reassembly).
 */
export * from './addresses.ts'
export * from './batch-sink.ts'
export * from './checksum.ts'
export * from './conversation.ts'
export * from './dns.ts'
export * from './frame-crafter.ts'
export * from './frame-sink.ts'
export * from './http.ts'
export * from './payload-pool.ts'
export * from './pcap-sink.ts'
export * from './pcapng-sink.ts'
export * from './tls.ts'
