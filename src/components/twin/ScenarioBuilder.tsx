/**
 * The scenario builder: add attacks by kind (parameters start from the kind's defaults in SCENARIO_KINDS), pick
 * the attacker and target among the traffic's hosts (or the kind's default, or a new host), set start,
 * duration, intensity and stealth (rate cap, shuffling, jitter), and place them on the timeline strip. Host addresses come from the capture and are
 * shown as text only.
 */
import { useState } from 'react'
import { addScenario, removeScenario, selectScenario, trafficSpan, updateScenario, useTwinStore } from '../../state/twin-store.ts'
import type { HostOption, TwinOverview } from '../../twin/lab/lab-types.ts'
import { NumberField } from './NumberField.tsx'
import { ScenarioTimeline } from './ScenarioTimeline.tsx'
import type { HostPick } from './scenario-drafts.ts'

function HostSelect({ label, value, hosts, onChange, testId }: { label: string; value: HostPick; hosts: readonly HostOption[]; onChange: (v: HostPick) => void; testId: string }) {
  const known = value === 'default' || value === 'new' || hosts.some((h) => h.ip === value)
  return (
    <select aria-label={label} value={known ? value : 'default'} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      <option value="default">kind's default</option>
      <option value="new">a new host</option>
      {hosts.map((h) => (
        <option key={h.ip} value={h.ip}>{h.ip}{h.internal ? '' : ' (outside)'}{h.services.length > 0 ? ` · ports ${h.services.join(', ')}` : ''}</option>
      ))}
    </select>
  )
}

export function ScenarioBuilder({ overview }: { readonly overview: TwinOverview }) {
  const drafts = useTwinStore((s) => s.drafts)
  const target = useTwinStore((s) => s.target)
  const selected = useTwinStore((s) => s.selected)
  const busy = useTwinStore((s) => s.phase !== 'ready')
  const span = useTwinStore(trafficSpan)
  const [kind, setKind] = useState<string>(overview.catalog[0]?.id ?? '')
  const info = overview.catalog.find((k) => k.id === kind)
  const hosts = (target === 'capture' ? overview.capture?.hosts : overview.twin.hosts) ?? []
  return (
    <section className="card twin-builder" data-testid="twin-builder" data-scenarios={drafts.length}>
      <h3>Scenarios</h3>
      <div className="alert-actions">
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid="twin-kind">
            {overview.catalog.map((k) => <option key={k.id} value={k.id}>{k.title}</option>)}
          </select>
        </label>
        <button type="button" onClick={() => addScenario(kind)} disabled={busy || drafts.length >= 64} data-testid="twin-add">Add scenario</button>
      </div>
      {info && (
        <p className="muted">
          {info.description} Intensity 1 means {info.intensityMeaning}; it lasts {info.defaultDuration} s by default. Meant to be caught by:{' '}
          {info.detectors.join(', ')}.
        </p>
      )}
      {drafts.length > 0 && (
        <div className="twin-scroll">
          <table className="twin-drafts">
            <thead>
              <tr><th scope="col">Scenario</th><th scope="col">Attacker</th><th scope="col">Target</th><th scope="col">Start (s)</th><th scope="col">Duration (s)</th><th scope="col">Intensity</th><th scope="col">Stealth</th><th scope="col"><span className="visually-hidden">Remove</span></th></tr>
            </thead>
            <tbody>
              {drafts.map((d, i) => (
                <tr key={d.id} data-testid="twin-draft" data-kind={d.kind} className={selected === i ? 'selected' : undefined} onFocus={() => selectScenario(i)}>
                  <th scope="row">{d.id}</th>
                  <td><HostSelect label={`Attacker of ${d.id}`} value={d.attacker} hosts={hosts} onChange={(v) => updateScenario(i, { attacker: v })} testId="twin-attacker" /></td>
                  <td><HostSelect label={`Target of ${d.id}`} value={d.target} hosts={hosts} onChange={(v) => updateScenario(i, { target: v })} testId="twin-target" /></td>
                  <td><NumberField label={`Start of ${d.id}, seconds`} value={d.start} min={0} onCommit={(v) => updateScenario(i, { start: v })} disabled={busy} /></td>
                  <td><NumberField label={`Duration of ${d.id}, seconds`} value={d.duration} min={1} onCommit={(v) => updateScenario(i, { duration: v })} disabled={busy} /></td>
                  <td><NumberField label={`Intensity of ${d.id}`} value={d.intensity} min={0.001} max={1000} onCommit={(v) => updateScenario(i, { intensity: v })} disabled={busy} /></td>
                  <td>
                    <details>
                      <summary>{d.rate === null && d.randomisation === 0 && d.jitter === 0 ? 'none' : 'set'}</summary>
                      <label>Max packets/s (0: no cap) <NumberField label={`Packet rate cap of ${d.id}`} value={d.rate ?? 0} min={0} onCommit={(v) => updateScenario(i, { rate: v > 0 ? v : null })} disabled={busy} /></label>
                      <label>Shuffle (0–1) <NumberField label={`Randomisation of ${d.id}`} value={d.randomisation} min={0} max={1} step={0.1} onCommit={(v) => updateScenario(i, { randomisation: v })} disabled={busy} /></label>
                      <label>Jitter (0–1) <NumberField label={`Timing jitter of ${d.id}`} value={d.jitter} min={0} max={1} step={0.1} onCommit={(v) => updateScenario(i, { jitter: v })} disabled={busy} /></label>
                    </details>
                  </td>
                  <td><button type="button" className="small" onClick={() => removeScenario(i)} disabled={busy} aria-label={`Remove ${d.id}`}>Remove</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ScenarioTimeline drafts={drafts} span={span} />
    </section>
  )
}
