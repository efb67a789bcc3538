// Node's own read of the OS store, tls.getCACertificates('system'): on Windows it asks CryptoAPI for
// the same ROOT and CA stores, on macOS the keychains' trust settings. The Windows and macOS backends
// read it first and run their own command only where Node finds nothing. Not used on Linux, where
// Node's 'system' list follows SSL_CERT_FILE (an override to report, not the store itself).
// Source: https://nodejs.org/api/tls.html#tlsgetcacertificatestype

/** The store's certificates as one PEM chunk (SystemRoots.ders takes PEM as well), or none. */
export function nativeSystemRoots(): Buffer[] {
  // node:tls loaded when used, not when this module is: every scan loads the platform backends, and
  // loading node:tls costs more than judging a bundle.
  const pems = process.getBuiltinModule('node:tls').getCACertificates('system');
  return pems.length > 0 ? [Buffer.from(pems.join('\n'))] : [];
}

/** The same read as a task for platform/boundedTask.ts (macOS: it blocks, see there): the PEM list as
 * JSON. A runtime without getCACertificates throws, and the backend falls back to its own command. */
export const NATIVE_READ_TASK = "return JSON.stringify(require('node:tls').getCACertificates('system'));";

/** NATIVE_READ_TASK's output as nativeSystemRoots gives it; anything but a list of strings is none. */
export function parseNativeRead(output: string): Buffer[] {
  let pems: unknown;
  try {
    pems = JSON.parse(output);
  } catch {
    return [];
  }
  if (!Array.isArray(pems) || !pems.every((p) => typeof p === 'string') || pems.length === 0) return [];
  return [Buffer.from(pems.join('\n'))];
}
