/** Bootstrap only: the theme before the first paint, the service worker, and the app. */
// First: the Trusted Types default policy must exist before anything touches a DOM sink or starts a worker.
import './trusted-types.ts'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { applyTheme, usePreferences } from './state/preferences-store.ts'
import { initServiceWorker } from './state/update-store.ts'
import './state/session-actions.ts'
import './styles.css'

applyTheme(usePreferences.getState().theme)
const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
void initServiceWorker()
