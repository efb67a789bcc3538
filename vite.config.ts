import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is one static build served by Electron's custom protocol and by `trustfix ui` alike.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 900 },
});
