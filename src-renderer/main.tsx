// Renderer entry: pick the bridge (Electron preload or HTTP), set up translations, mount the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { BridgeContext, pickBridge } from './bridge/index.ts';
import { setupI18n } from './i18n.ts';
import './styles.css';

setupI18n();
const bridge = pickBridge();
const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <BridgeContext value={bridge}>
        <App />
      </BridgeContext>
    </StrictMode>,
  );
