/**
 * The files the Twin view offers for download, made on request from what the lab keeps: the twin's ordinary
 * traffic (pcap as generated; pcapng generated again from the same model and seed, which gives the same
 * packets), the traffic with the attacks injected (pcapng as the run wrote it; pcap injected again from the
 * same set and survey, which plans the same frames), and the labels CSV (attack packets and attack flows).
 */
import { PcapngFrameSink } from '../craft/index.ts'
import { generateTwin } from '../generate/generate-twin.ts'
import { injectScenarios } from '../inject/inject-scenarios.ts'
import { labelsCsv } from '../labels/labels-csv.ts'
import type { LastRun } from './lab-run.ts'
import type { TwinExport, TwinExportKind } from './lab-types.ts'
import { packetCap, type Built } from './twin-lab.ts'

/** The capture's name reduced to safe file-name characters (it comes from the user's file). */
export function fileStem(name: string): string {
  const stem = name.replace(/\.(pcapng|pcap|cap|gz|json)$/gi, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+/, '').slice(0, 60)
  return stem.length > 0 ? stem : 'capture'
}

function blobOf(chunks: readonly Uint8Array[], type: string): Blob {
  // The writers allocate plain ArrayBuffers (never shared memory), which is what a BlobPart may hold.
  return new Blob(chunks as unknown as BlobPart[], { type })
}

const PCAP_TYPE = 'application/vnd.tcpdump.pcap'

export async function exportFile(kind: TwinExportKind, built: Built, last: LastRun | null): Promise<TwinExport> {
  const stem = fileStem(built.overview.name)
  switch (kind) {
    case 'twin-pcap':
      return { blob: blobOf(built.chunks, PCAP_TYPE), fileName: `${stem}-twin.pcap` }
    case 'twin-pcapng': {
      const chunks: Uint8Array[] = []
      const sink = new PcapngFrameSink((c) => void chunks.push(c), { nano: true })
      generateTwin(built.model, sink, { durationSeconds: built.durationSeconds, seed: built.overview.seed, maxPackets: packetCap(built.model) })
      sink.close()
      return { blob: blobOf(chunks, PCAP_TYPE), fileName: `${stem}-twin.pcapng` }
    }
    default:
      break
  }
  if (last === null) throw new Error('Run the scenarios first: there is no injected traffic to export yet.')
  const where = last.target === 'twin' ? 'twin' : 'capture'
  switch (kind) {
    case 'injected-pcapng':
      return { blob: blobOf(last.scored.chunks, PCAP_TYPE), fileName: `${stem}-${where}-injected.pcapng` }
    case 'injected-pcap': {
      const chunks: Uint8Array[] = []
      // Throws InjectError with a clear message when the traffic is not Ethernet (pcap holds one link type).
      await injectScenarios({ base: last.base(), scenarios: last.set, survey: last.survey, format: 'pcap', write: (c) => void chunks.push(c) })
      return { blob: blobOf(chunks, PCAP_TYPE), fileName: `${stem}-${where}-injected.pcap` }
    }
    case 'labels-csv': {
      const r = last.scored
      const flows = r.labelled.analysis.flows
      const text = labelsCsv(r.injected.labels, r.injected.scenarios, { flowLabels: r.labelled.flowLabels, columns: flows.columns, addresses: r.labelled.analysis.ctx.addresses })
      return { blob: new Blob([text], { type: 'text/csv' }), fileName: `${stem}-${where}-labels.csv` }
    }
  }
}
