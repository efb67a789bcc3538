// Windows Update's root list as certutil -generateSSTFromWU writes it: a serialized certificate store
// (.sst), read here so `os-store refresh` can prove the list was written and then find each of its
// roots in LocalMachine\Root. Format ([MS-OSHARED] 2.3.9.1 DocSigSerializedCertStore,
// https://learn.microsoft.com/openspecs/office_file_formats/ms-oshared/37d4b77d-a7d3-40fe-9c3b-cd327444f6ff):
// a DWORD version 0, a DWORD file type 0x54524543 ("CERT"), then elements, each a little-endian DWORD
// property id, a DWORD encoding type (1), a DWORD length and that many bytes (the same form as the
// registry's "Blob", parseCertBlob in winStores.ts); the certificate itself is the element with id 32
// (CERT_CERT_PROP_ID), its properties (SHA-1 hash, friendly name, ...) come with it; CRLs (33) and CTLs
// (34) may appear too. An element with id 0 and eight zero bytes ends the store
// (2.3.2.5.2 EndElementMarkerEntry, .../020eb66c-88e3-466b-80f6-0e3ce84d0544). CertSaveStore's
// CERT_STORE_SAVE_AS_STORE writes this form (https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certsavestore).
import { X509Certificate } from 'node:crypto';

const FILE_TYPE_CERT = 0x54524543;
const CERT_PROP_ID = 32;

/**
 * The certificates (DER) of a serialized store, or null when the bytes are not one: wrong header, an
 * element running past the end, a certificate element that does not parse, or no certificate at all
 * (an empty list refreshes nothing). The end marker is required unless the elements end exactly at
 * the end of the file.
 */
export function parseSerializedStore(bytes: Buffer): Buffer[] | null {
  if (bytes.length < 8 || bytes.readUInt32LE(0) !== 0 || bytes.readUInt32LE(4) !== FILE_TYPE_CERT) return null;
  const ders: Buffer[] = [];
  let at = 8;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) return null;
    const id = bytes.readUInt32LE(at);
    const length = bytes.readUInt32LE(at + 8);
    if (id === 0) {
      if (bytes.readUInt32LE(at + 4) !== 0 || length !== 0) return null;
      break;
    }
    const start = at + 12;
    if (start + length > bytes.length) return null;
    if (id === CERT_PROP_ID) {
      const der = Buffer.from(bytes.subarray(start, start + length));
      try {
        new X509Certificate(der);
      } catch {
        return null;
      }
      ders.push(der);
    }
    at = start + length;
  }
  return ders.length > 0 ? ders : null;
}

/** The thumbprints (SHA-1, upper-case hex) a listing printed, one per line; anything else is ignored. */
export function thumbprintLines(stdout: string): Set<string> {
  return new Set(
    stdout
      .split(/\r?\n/)
      .map((l) => l.trim().toUpperCase())
      .filter((l) => /^[0-9A-F]{40}$/.test(l)),
  );
}
