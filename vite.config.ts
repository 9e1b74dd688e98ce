import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { VitePWA } from 'vite-plugin-pwa'

// base './' keeps every asset URL relative, so the built app works from any sub-folder of any static host.
export default defineConfig({
  base: './',
  plugins: [
    react(),
    // The dev server injects CSS as inline <style> tags; relax style-src for `vite` (serve) only, never the build.
    {
      name: 'csp-dev-styles',
      apply: 'serve',
      transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
    },
    // Offline and installable: every built file is precached by a generated service worker. registerType
    // 'prompt' waits for the user to accept an update (src/state/update-store.ts, never while a file is read);
    // injectRegister false because main.tsx registers it from the bundle: an inline script would break the CSP.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'nettwin: network traffic analyser',
        short_name: 'nettwin',
        description: 'Analyse network captures and flow logs entirely in your browser.',
        id: './',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#f6f7f9',
        theme_color: '#1d4ed8',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        // Opening a capture from the operating system hands it to the page's launchQueue (src/state/startup.ts).
        file_handlers: [
          {
            action: './',
            accept: {
              'application/vnd.tcpdump.pcap': ['.pcap', '.cap'],
              'application/x-pcapng': ['.pcapng'],
              'application/gzip': ['.gz'],
              'text/csv': ['.csv'],
              'text/plain': ['.log'],
            },
          },
        ],
        launch_handler: { client_mode: 'focus-existing' },
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,pcapng}'],
        // Navigations with a query string (?session=..., ?view=...) are answered with the cached page.
        navigateFallback: 'index.html',
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  preview: { port: 4173, strictPort: true },
})
