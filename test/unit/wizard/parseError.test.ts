import { describe, expect, it } from 'vitest';
import { interpreterOfTraceback, parseFailure } from '../../../src-renderer/wizard/parseError.ts';
import { snippets } from '../../../src-renderer/wizard/Snippets.tsx';

describe('reading a pasted failure', () => {
  it('a bare URL', () => {
    expect(parseFailure('https://pypi.corp.example:8443/simple/requests/')).toEqual({
      host: 'pypi.corp.example',
      port: 8443,
    });
    expect(parseFailure('  files.pythonhosted.org ')).toMatchObject({ host: 'files.pythonhosted.org', port: 443 });
  });
  it('urllib: certificate has expired', () => {
    const text = `urllib.error.URLError: <urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1123)>\n  while opening https://expired.badssl.test/`;
    expect(parseFailure(text)).toMatchObject({ host: 'expired.badssl.test', port: 443, reason: 'expired' });
  });
  it('requests: unable to get local issuer certificate, host and port from the connection pool', () => {
    const text =
      "requests.exceptions.SSLError: HTTPSConnectionPool(host='nexus.corp', port=8443): Max retries exceeded with url: /x (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))";
    expect(parseFailure(text)).toMatchObject({ host: 'nexus.corp', port: 8443, reason: 'local-issuer' });
  });
  it('pip: self signed certificate in certificate chain', () => {
    const text =
      "WARNING: Retrying ... Could not fetch URL https://pypi.org/simple/pip/: There was a problem confirming the ssl certificate: HTTPSConnectionPool(host='pypi.org', port=443): ... [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self signed certificate in certificate chain (_ssl.c:997)";
    expect(parseFailure(text)).toMatchObject({ host: 'pypi.org', reason: 'self-signed-chain' });
  });
  it('hostname mismatch names the host asked for', () => {
    expect(
      parseFailure(
        "ssl.CertificateError: hostname 'pypi.python.org' doesn't match either of '*.example.com', 'example.com'",
      ),
    ).toMatchObject({ host: 'pypi.python.org', reason: 'hostname' });
  });
  it('Python 3.13 strict X.509', () => {
    expect(
      parseFailure(
        '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Basic Constraints of CA cert not marked critical (_ssl.c:1028)',
      ).reason,
    ).toBe('strict');
  });
  it('no host in gibberish', () => {
    expect(parseFailure('it does not work').host).toBeUndefined();
  });
  it("a traceback's frames name the interpreter that raised it (its site-packages decide)", () => {
    const text = [
      'Traceback (most recent call last):',
      '  File "/home/me/proj/.venv/lib/python3.11/site-packages/urllib3/connectionpool.py", line 467, in _make_request',
      '  File "/root/.pyenv/versions/3.11.7/lib/python3.11/ssl.py", line 1104, in do_handshake',
      '  File "/home/me/proj/.venv/lib/python3.11/site-packages/requests/adapters.py", line 517, in send',
      "requests.exceptions.SSLError: HTTPSConnectionPool(host='pypi.corp', port=443): Max retries exceeded",
    ].join('\n');
    const parsed = parseFailure(text);
    expect(parsed.files).toHaveLength(3);
    const pythons = [
      { id: 'py-base', prefix: '/root/.pyenv/versions/3.11.7' },
      { id: 'py-venv', prefix: '/home/me/proj/.venv' },
      { id: 'py-other', prefix: '/home/me/other/.venv' },
      { id: 'py-broken' },
    ];
    expect(interpreterOfTraceback(parsed.files, pythons)).toBe('py-venv');
    // Only stdlib frames: the base interpreter. Frames of two environments, or none known: no answer.
    expect(interpreterOfTraceback(['/root/.pyenv/versions/3.11.7/lib/python3.11/ssl.py'], pythons)).toBe('py-base');
    expect(
      interpreterOfTraceback(
        [
          '/home/me/proj/.venv/lib/python3.11/site-packages/a.py',
          '/home/me/other/.venv/lib/python3.11/site-packages/b.py',
        ],
        pythons,
      ),
    ).toBeUndefined();
    expect(interpreterOfTraceback(['/opt/elsewhere/site-packages/x.py'], pythons)).toBeUndefined();
    expect(interpreterOfTraceback(undefined, pythons)).toBeUndefined();
    // Windows paths, and a prefix that is only a string prefix of another folder.
    expect(
      interpreterOfTraceback(
        ['C:\\Users\\me\\venv\\Lib\\site-packages\\requests\\api.py'],
        [
          { id: 'py-win', prefix: 'C:\\Users\\me\\venv' },
          { id: 'py-v2', prefix: 'C:\\Users\\me\\ven' },
        ],
      ),
    ).toBe('py-win');
  });
  it('snippets point at the bundle and never turn verification off', () => {
    const all = snippets('/home/me/.local/share/TrustFix/merged.pem')
      .map((s) => s.code)
      .join('\n');
    for (const needle of [
      "verify='/home/me",
      'session.verify',
      'REQUESTS_CA_BUNDLE',
      'cafile=',
      'pip install --cert',
      'twine upload --cert',
    ])
      expect(all).toContain(needle);
    expect(all).not.toMatch(/verify=False|_create_unverified_context|PYTHONHTTPSVERIFY|trusted-host/);
  });
});
