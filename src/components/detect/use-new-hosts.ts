/** Hosts new against the baseline (for the topology's highlight), asked only when the user turns it on. */
import { useMemo } from 'react'
import type { DataSource } from '../../state/data-source.ts'
import { useQuery } from '../../state/use-query.ts'

const NONE: readonly string[] = []

export function useNewHosts(source: DataSource, enabled: boolean): { readonly hosts: readonly string[]; readonly edges: number; readonly available: boolean } {
  const q = useQuery(enabled ? source : null, 'newAgainstBaseline', {})
  const data = enabled ? q.data : null
  return useMemo(() => ({ hosts: data?.hosts ?? NONE, edges: data?.edges.length ?? 0, available: data !== null }), [data])
}
