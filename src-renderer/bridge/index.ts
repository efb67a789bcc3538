import { createContext, useContext } from 'react';
import { electronBridge } from './electron.ts';
import { httpBridge } from './http.ts';
import type { Bridge } from './types.ts';

export function pickBridge(): Bridge {
  return window.trustfix ? electronBridge(window.trustfix) : httpBridge();
}

export const BridgeContext = createContext<Bridge | null>(null);

export function useBridge(): Bridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('no Bridge in context');
  return bridge;
}
