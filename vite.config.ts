import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { precompress, serviceWorker } from './scripts/vite-web-build.ts'

const api = 'http://localhost:3000'
const outDir = 'dist/web'

export default defineConfig({
  plugins: [react(), serviceWorker('src/web/pwa/service-worker.ts'), precompress(outDir)],
  build: { outDir, emptyOutDir: true },
  server: { proxy: { '/api': api, '/health': api, '/ready': api } },
})
