/**
 * How exports are made: whether addresses are anonymised, with a passphrase (the same mapping in every export,
 * so several files can be compared) or without (a fresh random key per export, which nobody can repeat or undo),
 * and whether MAC addresses keep their vendor part. Held for the page's life only: a passphrase is never stored.
 */
import { create } from 'zustand'
import { Anonymizer } from '../lib/anonymize/anonymizer.ts'

export interface ExportSettings {
  /** Replace IP and MAC addresses in CSV, JSON, chart, session and capture exports. */
  readonly anonymize: boolean
  /** Empty: a random key per export. */
  readonly passphrase: string
  /** Keep the vendor part (OUI) of MAC addresses. */
  readonly keepOui: boolean
}

export const useExportSettings = create<ExportSettings>(() => ({ anonymize: false, passphrase: '', keepOui: false }))

export function setExportSettings(patch: Partial<ExportSettings>): void {
  useExportSettings.setState(patch)
}

let passphraseKey: { passphrase: string; keepOui: boolean; anonymizer: Anonymizer } | null = null

/** The anonymiser for one export, or null when exports keep their addresses. */
export function exportAnonymizer(settings: ExportSettings = useExportSettings.getState()): Anonymizer | null {
  if (!settings.anonymize) return null
  const options = { keepOui: settings.keepOui }
  if (settings.passphrase === '') return Anonymizer.random(options)
  // Deriving a key from a passphrase is deliberately slow: done once per passphrase.
  if (passphraseKey === null || passphraseKey.passphrase !== settings.passphrase || passphraseKey.keepOui !== settings.keepOui) {
    passphraseKey = { passphrase: settings.passphrase, keepOui: settings.keepOui, anonymizer: Anonymizer.fromPassphrase(settings.passphrase, options) }
  }
  return passphraseKey.anonymizer
}

/** mapText for the CSV and chart exports: the anonymiser's text function, or nothing. */
export function exportTextMap(): { mapText?: (text: string) => string } {
  const anon = exportAnonymizer()
  return anon === null ? {} : { mapText: (t) => anon.text(t) }
}
