// Known distrust and expiry events for public roots. Matched by SHA-256 fingerprint (computed from
// the published certificates in test/fixtures/bundles, which are public copies of Mozilla's list).
// Each entry says what happened and where that is recorded; `date` is when it took effect.

export interface DistrustEvent {
  fingerprint: string;
  name: string;
  date: string;
  kind: 'expired' | 'distrusted';
  /** A key in the translation tables describing the event. */
  event: string;
  source: string;
}

// DST Root CA X3 expired 2021-09-30; clients that could only build a path through it broke.
// Source: https://letsencrypt.org/docs/dst-root-ca-x3-expiration-september-2021/
const DST = 'https://letsencrypt.org/docs/dst-root-ca-x3-expiration-september-2021/';
// Symantec's PKI (VeriSign, GeoTrust, thawte): distrusted by Mozilla from Firefox 63 (2018-10-23).
// Source: https://wiki.mozilla.org/CA/Symantec_Issues and
// https://blog.mozilla.org/security/2018/03/12/distrust-symantec-tls-certificates/
const SYMANTEC = 'https://wiki.mozilla.org/CA/Symantec_Issues';
// Camerfirma: Mozilla removed its roots after a series of compliance incidents (Bug 1701317, NSS 3.64).
// Source: https://wiki.mozilla.org/CA/Camerfirma_Issues and https://bugzilla.mozilla.org/show_bug.cgi?id=1701317
const CAMERFIRMA = 'https://bugzilla.mozilla.org/show_bug.cgi?id=1701317';
// TrustCor: Mozilla distrusted TLS certificates issued after 2022-11-30 and removed the roots (NSS 3.86).
// Source: https://groups.google.com/a/mozilla.org/g/dev-security-policy/c/oxX69KFvsm4/m/yLohoVqtCgAJ
const TRUSTCOR = 'https://groups.google.com/a/mozilla.org/g/dev-security-policy/c/oxX69KFvsm4/m/yLohoVqtCgAJ';
// Entrust (and its AffirmTrust roots): Mozilla distrusted TLS certificates issued after 2024-11-30.
// Source: https://groups.google.com/a/mozilla.org/g/dev-security-policy/c/jCvkhBjg9Yw
const ENTRUST = 'https://groups.google.com/a/mozilla.org/g/dev-security-policy/c/jCvkhBjg9Yw';

const rows: Array<[string, string, string, DistrustEvent['kind'], string, string]> = [
  [
    '0687260331a72403d909f105e69bcf0d32e1bd2493ffc6d9206d11bcd6770739',
    'DST Root CA X3',
    '2021-09-30',
    'expired',
    'distrust.dstExpired',
    DST,
  ],
  [
    'eb04cf5eb1f39afa762f2bb120f296cba520c1b97db1589565b81cb9a17b7244',
    'VeriSign Class 3 Public Primary Certification Authority - G3',
    '2018-10-23',
    'distrusted',
    'distrust.symantec',
    SYMANTEC,
  ],
  [
    '69ddd7ea90bb57c93e135dc85ea6fcd5480b603239bdc454fc758b2a26cf7f79',
    'VeriSign Class 3 Public Primary Certification Authority - G4',
    '2018-10-23',
    'distrusted',
    'distrust.symantec',
    SYMANTEC,
  ],
  [
    '9acfab7e43c8d880d06b262a94deeee4b4659989c3d0caf19baf6405e41ab7df',
    'VeriSign Class 3 Public Primary Certification Authority - G5',
    '2018-10-23',
    'distrusted',
    'distrust.symantec',
    SYMANTEC,
  ],
  [
    '2399561127a57125de8cefea610ddf2fa078b5c8067f4e828290bfb860e84b3c',
    'VeriSign Universal Root Certification Authority',
    '2018-10-23',
    'distrusted',
    'distrust.symantec',
    SYMANTEC,
  ],
  [
    'ff856a2d251dcd88d36656f450126798cfabaade40799c722de4d2b5db36a73a',
    'GeoTrust Global CA',
    '2018-10-23',
    'distrusted',
    'distrust.symantec',
    SYMANTEC,
  ],
  [
    '37d51006c512eaab626421f1ec8c92013fc5f82ae98ee533eb4619b8deb4d06c',
    'GeoTrust Primary Certification Authority',
    '2018-10-23',
    'distrusted',
    'distrust.symantec',
    SYMANTEC,
  ],
  [
    '5edb7ac43b82a06a8761e8d7be4979ebf2611f7dd79bf91c1c6b566a219ed766',
    'GeoTrust Primary Certification Authority - G2',
    '2018-10-23',
    'distrusted',
    'distrust.symantec',
    SYMANTEC,
  ],
  [
    'b478b812250df878635c2aa7ec7d155eaa625ee82916e2cd294361886cd1fbd4',
    'GeoTrust Primary Certification Authority - G3',
    '2018-10-23',
    'distrusted',
    'distrust.symantec',
    SYMANTEC,
  ],
  [
    'a0459b9f63b22559f5fa5d4c6db3f9f72ff19342033578f073bf1d1b46cbb912',
    'GeoTrust Universal CA',
    '2018-10-23',
    'distrusted',
    'distrust.symantec',
    SYMANTEC,
  ],
  [
    'a0234f3bc8527ca5628eec81ad5d69895da5680dc91d1cb8477f33f878b95b0b',
    'GeoTrust Universal CA 2',
    '2018-10-23',
    'distrusted',
    'distrust.symantec',
    SYMANTEC,
  ],
  [
    '8d722f81a9c113c0791df136a2966db26c950a971db46b4199f4ea54b78bfb9f',
    'thawte Primary Root CA',
    '2018-10-23',
    'distrusted',
    'distrust.symantec',
    SYMANTEC,
  ],
  [
    'a4310d50af18a6447190372a86afaf8b951ffb431d837f1e5688b45971ed1557',
    'thawte Primary Root CA - G2',
    '2018-10-23',
    'distrusted',
    'distrust.symantec',
    SYMANTEC,
  ],
  [
    '4b03f45807ad70f21bfc2cae71c9fde4604c064cf5ffb686bae5dbaad7fdd34c',
    'thawte Primary Root CA - G3',
    '2018-10-23',
    'distrusted',
    'distrust.symantec',
    SYMANTEC,
  ],
  [
    '063e4afac491dfd332f3089b8542e94617d893d7fe944e10a7937ee29d9693c0',
    'Chambers of Commerce Root - 2008',
    '2021-04-15',
    'distrusted',
    'distrust.camerfirma',
    CAMERFIRMA,
  ],
  [
    '136335439334a7698016a0d324de72284e079d7b5220bb8fbd747816eebebaca',
    'Global Chambersign Root - 2008',
    '2021-04-15',
    'distrusted',
    'distrust.camerfirma',
    CAMERFIRMA,
  ],
  [
    '5a885db19c01d912c5759388938cafbbdf031ab2d48e91ee15589b42971d039c',
    'TrustCor ECA-1',
    '2022-11-30',
    'distrusted',
    'distrust.trustcor',
    TRUSTCOR,
  ],
  [
    'd40e9c86cd8fe468c1776959f49ea774fa548684b6c406f3909261f4dce2575c',
    'TrustCor RootCert CA-1',
    '2022-11-30',
    'distrusted',
    'distrust.trustcor',
    TRUSTCOR,
  ],
  [
    '0753e940378c1bd5e3836e395daea5cb839e5046f1bd0eae1951cf10fec7c965',
    'TrustCor RootCert CA-2',
    '2022-11-30',
    'distrusted',
    'distrust.trustcor',
    TRUSTCOR,
  ],
  [
    '73c176434f1bc6d5adf45b0e76e727287c8de57616c1e6e6141a2b2cbc7d8e4c',
    'Entrust Root Certification Authority',
    '2024-11-30',
    'distrusted',
    'distrust.entrust',
    ENTRUST,
  ],
  [
    '43df5774b03e7fef5fe40d931a7bedf1bb2e6b42738c4e6d3841103d3aa7f339',
    'Entrust Root Certification Authority - G2',
    '2024-11-30',
    'distrusted',
    'distrust.entrust',
    ENTRUST,
  ],
  [
    '02ed0eb28c14da45165c566791700d6451d7fb56f0b2ab1d3b8eb070e56edff5',
    'Entrust Root Certification Authority - EC1',
    '2024-11-30',
    'distrusted',
    'distrust.entrust',
    ENTRUST,
  ],
  [
    'db3517d1f6732a2d5ab97c533ec70779ee3270a62fb4ac4238372460e6f01e88',
    'Entrust Root Certification Authority - G4',
    '2024-11-30',
    'distrusted',
    'distrust.entrust',
    ENTRUST,
  ],
  [
    '6dc47172e01cbcb0bf62580d895fe2b8ac9ad4f873801e0c10b9c837d21eb177',
    'Entrust.net Certification Authority (2048)',
    '2024-11-30',
    'distrusted',
    'distrust.entrust',
    ENTRUST,
  ],
  [
    '0376ab1d54c5f9803ce4b2e201a0ee7eef7b57b636e8a93c9b8d4860c96f5fa7',
    'AffirmTrust Commercial',
    '2024-11-30',
    'distrusted',
    'distrust.entrust',
    ENTRUST,
  ],
  [
    '0a81ec5a929777f145904af38d5d509f66b5e2c58fcdb531058b0e17f3f0b41b',
    'AffirmTrust Networking',
    '2024-11-30',
    'distrusted',
    'distrust.entrust',
    ENTRUST,
  ],
  [
    '70a73f7f376b60074248904534b11482d5bf0e698ecc498df52577ebf2e93b9a',
    'AffirmTrust Premium',
    '2024-11-30',
    'distrusted',
    'distrust.entrust',
    ENTRUST,
  ],
  [
    'bd71fdf6da97e4cf62d1647add2581b07d79adf8397eb4ecba9c5e8488821423',
    'AffirmTrust Premium ECC',
    '2024-11-30',
    'distrusted',
    'distrust.entrust',
    ENTRUST,
  ],
];

export const DISTRUST_EVENTS: ReadonlyMap<string, DistrustEvent> = new Map(
  rows.map(([fingerprint, name, date, kind, event, source]) => [
    fingerprint,
    { fingerprint, name, date, kind, event, source },
  ]),
);

/** The event for this root if it had taken effect by `at`. */
export function distrustAt(fingerprint: string, at: Date): DistrustEvent | undefined {
  const event = DISTRUST_EVENTS.get(fingerprint);
  return event && new Date(`${event.date}T00:00:00Z`) <= at ? event : undefined;
}
