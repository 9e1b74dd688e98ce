/**
 * The built-in lesson packs: pick one to fill the scenario builder with its attacks, and read what to look for
 * in nettwin's views once they are in the traffic.
 */
import { applyPack, useTwinStore } from '../../state/twin-store.ts'
import type { LessonPack } from '../../twin/packs/lesson-packs.ts'

export function PacksPicker({ packs }: { readonly packs: readonly LessonPack[] }) {
  const packId = useTwinStore((s) => s.packId)
  const busy = useTwinStore((s) => s.phase !== 'ready')
  const pack = packs.find((p) => p.id === packId) ?? null
  return (
    <section className="card twin-packs" data-testid="twin-packs">
      <h3>Lesson packs</h3>
      <p className="muted">Each pack places a few attacks on the traffic; pick one, then Run. You can still change them in the builder below.</p>
      <div className="chips" role="group" aria-label="Lesson packs">
        {packs.map((p) => (
          <button key={p.id} type="button" className={`chip${p.id === packId ? ' on' : ''}`} aria-pressed={p.id === packId} disabled={busy}
            data-testid={`twin-pack-${p.id}`} onClick={() => applyPack(p.id)}>
            {p.title}
          </button>
        ))}
      </div>
      {pack && (
        <div className="twin-lesson" data-testid="twin-lesson">
          <p><strong>{pack.title}.</strong> {pack.summary}</p>
          <p><strong>What to look for:</strong> {pack.lookFor}</p>
          <p className="muted">This lesson works best with about {Math.round(pack.trafficSeconds / 60)} minutes of traffic (set the twin's length above and build again if it is shorter).</p>
        </div>
      )}
    </section>
  )
}
