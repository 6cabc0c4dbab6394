import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The libraries are consumed from their sources so the web build needs no library build; zod bundles fine.
const tcpCore = fileURLToPath(new URL('../../libs/tcp-core/src/index.ts', import.meta.url));
const labProtocol = fileURLToPath(new URL('../../libs/lab-protocol/src/index.ts', import.meta.url));
const serverUrl = process.env.TCP_LAB_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@tcp-lab/tcp-core': tcpCore, '@tcp-lab/lab-protocol': labProtocol } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': serverUrl,
      '/socket.io': { target: serverUrl, ws: true },
    },
  },
});
