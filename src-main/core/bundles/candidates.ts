// File names that hold CA bundles in the wild. Confirmed by content afterwards: a name alone proves
// nothing (a JPEG can be called cacert.pem).
const NAMES = new Set([
  'cacert.pem', // certifi, pip's vendored certifi, requests < 2.16, botocore, conda's ssl/
  'cert.pem', // OpenSSL's default file: python.org framework, Homebrew, Alpine, LibreSSL
  'ca-bundle.crt', // Git for Windows (mingw64/etc/ssl/certs), Fedora/RHEL
  'ca-bundle.pem', // openSUSE /etc/ssl/ca-bundle.pem
  'ca-bundle.trust.crt', // Git for Windows, RHEL extracted trust
  'ca-certificates.crt', // Debian/Ubuntu /etc/ssl/certs
  'curl-ca-bundle.crt', // curl for Windows, next to curl.exe
  'cacerts.txt', // httplib2
  'cacerts.pem',
  'tls-ca-bundle.pem', // RHEL /etc/pki/ca-trust/extracted/pem
  'ca-root-nss.crt', // FreeBSD security/ca_root_nss
]);

export function isCandidateName(name: string): boolean {
  return NAMES.has(name.toLowerCase());
}

export const CANDIDATE_NAMES: readonly string[] = [...NAMES];

/** In a folder the user named, any certificate-looking file is judged, not only the usual names. */
export function isCertificateFile(name: string): boolean {
  return isCandidateName(name) || /\.(pem|crt|cer|der)$/i.test(name);
}
