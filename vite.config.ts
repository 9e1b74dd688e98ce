import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

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
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  preview: { port: 4173, strictPort: true },
})
