// Reads a Python client's error text and says which family of cause it names. Several causes print
// the same OpenSSL words ("unable to get local issuer certificate" is a missing root, a private CA,
// a proxy root or a missing intermediate), so the comparison with TrustFix's cause is by family.
import { OPENSSL_TEXT } from './strict.ts';
import type { Cause, ObservedFamily } from './types.ts';

const STRICT_TEXTS = Object.values(OPENSSL_TEXT).map((t) => t.toLowerCase());

export function familyOfText(text: string | null, kind?: string | null): ObservedFamily {
  if (kind === 'network') return 'unreachable';
  if (kind === 'no-verification') return 'no-verification';
  if (!text) return 'ok';
  const t = text.toLowerCase();
  if (STRICT_TEXTS.some((s) => t.includes(s))) return 'x509-strict';
  if (t.includes('certificate has expired')) return 'expired';
  if (t.includes('not yet valid')) return 'not-yet-valid';
  if (/self[- ]signed certificate in certificate chain/.test(t)) return 'untrusted';
  if (/self[- ]signed certificate/.test(t)) return 'self-signed';
  if (
    /unable to get (local )?issuer certificate|unable to verify the first certificate|certificate signature failure/.test(
      t,
    )
  )
    return 'untrusted';
  if (/hostname mismatch|doesn't match|does not match|not valid for/.test(t)) return 'hostname';
  // Python before 3.7 does not say why verification failed: any chain cause fits.
  if (
    /certificate verify failed(\s*\(_ssl\.c:\d+\))?\s*>?$/.test(t.trim()) ||
    /certificate verify failed \(_ssl/.test(t)
  )
    return 'verify-failed';
  if (
    /unsupported protocol|protocol version|no protocols available|wrong version number|unsupported_protocol|no ciphers available|sslv3 alert handshake failure|dh key too small|unsafe legacy|legacy sigalg/.test(
      t,
    )
  )
    return 'tls-version';
  if (/timed out|refused|name or service not known|nodename nor servname|getaddrinfo|unreachable|proxy/.test(t))
    return 'unreachable';
  return 'other';
}

/** Does what the interpreter said fit TrustFix's cause? */
export function agrees(cause: Cause, observed: ObservedFamily): boolean {
  const predicted = familyOfCause(cause);
  if (observed === 'verify-failed')
    return ['untrusted', 'self-signed', 'expired', 'not-yet-valid', 'x509-strict'].includes(predicted);
  return predicted === observed;
}

export function familyOfCause(cause: Cause): ObservedFamily {
  switch (cause) {
    case 'ok':
      return 'ok';
    case 'missing-root':
    case 'untrusted-root':
    case 'intercepted':
    case 'incomplete-chain':
      return 'untrusted';
    case 'expired-root':
    case 'leaf-expired':
      return 'expired';
    case 'hostname-mismatch':
    case 'no-sni':
      return 'hostname';
    default:
      return cause;
  }
}
