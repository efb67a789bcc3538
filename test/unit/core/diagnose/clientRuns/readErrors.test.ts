// Each client's own error text, as the real programs print it (curl 7.88/OpenSSL 3, git 2.39 with
// libcurl-gnutls and with libcurl-OpenSSL, Node 24, uv's rustls, conda's requests), read into the
// cause family `check` compares with its prediction.
import { describe, expect, it } from 'vitest';
import {
  readConda,
  readCurl,
  readGit,
  readNode,
  readUv,
} from '../../../../../src-main/core/diagnose/clientRuns/readErrors.ts';

describe('reading client errors', () => {
  it('curl', () => {
    expect(
      readCurl(
        60,
        'curl: (60) SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html\n',
      ),
    ).toEqual({
      family: 'untrusted',
      error: '(60) SSL certificate problem: unable to get local issuer certificate',
      code: 'curl exit 60',
    });
    expect(
      readCurl(60, 'curl: (60) SSL certificate problem: self-signed certificate in certificate chain').family,
    ).toBe('untrusted');
    expect(readCurl(60, 'curl: (60) SSL certificate problem: self-signed certificate').family).toBe('self-signed');
    expect(readCurl(60, 'curl: (60) SSL certificate problem: certificate has expired').family).toBe('expired');
    expect(
      readCurl(60, "curl: (60) SSL: no alternative certificate subject name matches target host name '127.0.0.1'")
        .family,
    ).toBe('hostname');
    expect(
      readCurl(7, "curl: (7) Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server").family,
    ).toBe('unreachable');
    expect(readCurl(77, 'curl: (77) error setting certificate file: /nonexistent').family).toBe('other');
    expect(readCurl(0, '').family).toBe('ok');
  });

  it('git', () => {
    const gnutls =
      "fatal: unable to access 'https://127.0.0.1:42251/x/': server certificate verification failed. CAfile: /tmp/other.pem CRLfile: none";
    expect(readGit(128, gnutls)).toMatchObject({ family: 'verify-failed', code: 'gnutls' });
    expect(
      readGit(
        128,
        "fatal: unable to access 'https://h/x/': SSL certificate problem: unable to get local issuer certificate",
      ).family,
    ).toBe('untrusted');
    expect(
      readGit(128, "fatal: unable to access 'https://h/x/': SSL certificate problem: certificate has expired").family,
    ).toBe('expired');
    expect(
      readGit(
        128,
        "fatal: unable to access 'https://127.0.0.1:37517/x/': SSL: certificate subject name (wrong.example) does not match target host name '127.0.0.1'",
      ).family,
    ).toBe('hostname');
    // Past the handshake: the URL is no repository; TLS worked.
    expect(readGit(128, "fatal: repository 'https://127.0.0.1:1/simple/' not found").family).toBe('ok');
    expect(readGit(128, "fatal: unable to access 'https://h/x/': The requested URL returned error: 403").family).toBe(
      'ok',
    );
    expect(
      readGit(
        128,
        "fatal: unable to access 'https://127.0.0.1:1/x/': Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server",
      ).family,
    ).toBe('unreachable');
  });

  it('node', () => {
    const line = (code: string, message: string) => `${JSON.stringify({ ok: false, code, message })}\n`;
    expect(
      readNode(0, line('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate'), '').family,
    ).toBe('untrusted');
    expect(
      readNode(0, line('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), '').family,
    ).toBe('untrusted');
    expect(
      readNode(0, line('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), '').family,
    ).toBe('untrusted');
    expect(readNode(0, line('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), '').family).toBe('self-signed');
    expect(readNode(0, line('CERT_HAS_EXPIRED', 'certificate has expired'), '').family).toBe('expired');
    expect(
      readNode(0, line('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), '').family,
    ).toBe('hostname');
    expect(readNode(0, '{"ok":true,"status":404}\n', '')).toEqual({ family: 'ok', error: null, code: null });
    expect(readNode(1, '', 'node: bad option: --use-system-ca').family).toBe('other');
  });

  it('uv', () => {
    const tls =
      'error: Request failed after 3 retries\n  Caused by: error sending request for url (https://h/simple/x/)\n  Caused by: client error (Connect)\n  Caused by: invalid peer certificate: UnknownIssuer\n';
    expect(readUv(2, tls)).toEqual({
      family: 'untrusted',
      error: 'Caused by: invalid peer certificate: UnknownIssuer',
      code: 'UnknownIssuer',
    });
    expect(readUv(2, 'error: ...\n  Caused by: invalid peer certificate: Expired').family).toBe('expired');
    expect(readUv(2, 'error: ...\n  Caused by: invalid peer certificate: NotValidForName').family).toBe('hostname');
    expect(
      readUv(
        1,
        '  × No solution found when resolving dependencies:\n  ╰─▶ Because trustfix-check-probe was not found in the package registry and you require trustfix-check-probe, we can conclude that your requirements are unsatisfiable.',
      ).family,
    ).toBe('ok');
  });

  it('conda', () => {
    const json = JSON.stringify({
      exception_name: 'CondaSSLError',
      message:
        "Encountered an SSL error. Most likely a certificate verification issue.\n\nException: HTTPSConnectionPool(host='h', port=443): Max retries exceeded with url: /x/noarch/repodata.json (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))",
    });
    expect(readConda(1, json, '')).toEqual({
      family: 'untrusted',
      error:
        '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)',
      code: 'CondaSSLError',
    });
    expect(
      readConda(
        1,
        JSON.stringify({
          exception_name: 'UnavailableInvalidChannel',
          message: 'HTTP 404 NOT FOUND for channel <https://h/>',
        }),
        '',
      ).family,
    ).toBe('ok');
  });
});
