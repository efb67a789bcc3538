// Node's own read of the OS store, tls.getCACertificates('system'): on Windows it asks CryptoAPI for
// the same ROOT and CA stores, on macOS the keychains' trust settings. The Windows and macOS backends
// read it first and run their own command only where Node finds nothing. Not used on Linux, where
// Node's 'system' list follows SSL_CERT_FILE (an override to report, not the store itself).
// Source: https://nodejs.org/api/tls.html#tlsgetcacertificatestype
import { getCACertificates } from 'node:tls';

/** The store's certificates as one PEM chunk (SystemRoots.ders takes PEM as well), or none. */
export function nativeSystemRoots(): Buffer[] {
  const pems = getCACertificates('system');
  return pems.length > 0 ? [Buffer.from(pems.join('\n'))] : [];
}
