/** Settings: theme, the link speed utilisation is measured against, what saving a session keeps, and exports. */
import { LINK_SPEEDS_BPS, setPreferences, usePreferences, type Theme } from '../../state/preferences-store.ts'
import { ExportPrivacy } from './ExportButtons.tsx'

export function formatBps(bps: number): string {
  if (bps >= 1e9) return `${bps / 1e9} Gbit/s`
  if (bps >= 1e6) return `${bps / 1e6} Mbit/s`
  return `${bps / 1e3} kbit/s`
}

export function SettingsPanel({ onClose }: { readonly onClose: () => void }) {
  const prefs = usePreferences()
  return (
    <section id="settings-panel" className="panel card" aria-labelledby="settings-title" data-testid="settings-panel">
      <div className="panel-head">
        <h2 id="settings-title">Settings</h2>
        <button type="button" className="small" onClick={onClose}>Close</button>
      </div>
      <fieldset>
        <legend>Theme</legend>
        {(['system', 'light', 'dark'] as const).map((t: Theme) => (
          <label key={t} className="choice">
            <input type="radio" name="theme" value={t} checked={prefs.theme === t} onChange={() => setPreferences({ theme: t })} />
            {t === 'system' ? 'Follow the system' : t === 'light' ? 'Light' : 'Dark'}
          </label>
        ))}
      </fieldset>
      <label className="field">
        Link speed (for link utilisation in host details)
        <select value={prefs.linkSpeedBps} onChange={(e) => setPreferences({ linkSpeedBps: Number(e.currentTarget.value) })} data-testid="link-speed">
          {(LINK_SPEEDS_BPS.includes(prefs.linkSpeedBps) ? LINK_SPEEDS_BPS : [...LINK_SPEEDS_BPS, prefs.linkSpeedBps]).map((s) => (
            <option key={s} value={s}>{formatBps(s)}</option>
          ))}
        </select>
      </label>
      <label className="choice">
        <input type="checkbox" checked={prefs.autoSave} onChange={(e) => setPreferences({ autoSave: e.currentTarget.checked })} data-testid="auto-save" />
        Save every analysed capture as a session (in this browser only)
      </label>
      <label className="choice">
        <input type="checkbox" checked={prefs.keepOriginalFile} onChange={(e) => setPreferences({ keepOriginalFile: e.currentTarget.checked })} data-testid="keep-original" />
        Keep the original capture file with each session (uses storage the size of the file)
      </label>
      <ExportPrivacy />
    </section>
  )
}
