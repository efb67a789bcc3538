// The home folder as `~`, in each OS's grammar: what keeps a person's folder name out of a report.
import { describe, expect, it } from 'vitest';
import { homeAsTildeIn } from '../../../../src-main/core/platform/homePath.ts';

const linux = homeAsTildeIn(['/home/ann'], { windows: false, caseInsensitive: false });
const mac = homeAsTildeIn(['/Users/Ann', '/private/var/users/Ann'], { windows: false, caseInsensitive: true });
const windows = homeAsTildeIn(['C:\\Users\\Ann\\'], { windows: true, caseInsensitive: true });

describe('homeAsTildeIn', () => {
  it('writes a path under the home, and the home itself, with ~', () => {
    expect(linux('/home/ann/.pyenv/versions/3.12.1/lib/python3.12/site-packages/certifi/cacert.pem')).toBe(
      '~/.pyenv/versions/3.12.1/lib/python3.12/site-packages/certifi/cacert.pem',
    );
    expect(linux('/home/ann')).toBe('~');
    expect(linux('/home/ann/')).toBe('~/');
  });

  it('finds the home inside longer texts: lists, keys, sentences', () => {
    expect(linux('/home/ann/bin:/usr/bin:/home/ann/.local/bin')).toBe('~/bin:/usr/bin:~/.local/bin');
    expect(linux('venv:/home/ann/proj/.venv')).toBe('venv:~/proj/.venv');
    expect(linux('cannot read "/home/ann/x.pem" now')).toBe('cannot read "~/x.pem" now');
  });

  it('leaves paths that only look alike', () => {
    expect(linux('/home/anna/x')).toBe('/home/anna/x');
    expect(linux('/srv/home/ann/x')).toBe('/srv/home/ann/x');
    expect(linux('/HOME/ANN/x')).toBe('/HOME/ANN/x');
    expect(linux('/etc/ssl/certs/ca-certificates.crt')).toBe('/etc/ssl/certs/ca-certificates.crt');
  });

  it('on a case-insensitive Mac, any case and the real path of the home', () => {
    expect(mac('/users/ann/Library/x.pem')).toBe('~/Library/x.pem');
    expect(mac('/private/var/users/Ann/y')).toBe('~/y');
  });

  it('on Windows: either slash, any case, a trailing separator on the home, the rest kept as written', () => {
    expect(windows('C:\\Users\\Ann\\AppData\\Local\\Programs\\Python\\Python312\\python.exe')).toBe(
      '~\\AppData\\Local\\Programs\\Python\\Python312\\python.exe',
    );
    expect(windows('c:\\users\\ANN\\x')).toBe('~\\x');
    expect(windows('C:/Users/Ann/.npmrc')).toBe('~/.npmrc');
    expect(windows('C:\\Users\\Ann\\a;C:\\Windows;C:\\Users\\Ann\\b')).toBe('~\\a;C:\\Windows;~\\b');
    expect(windows('C:\\Users\\Anna\\x')).toBe('C:\\Users\\Anna\\x');
    expect(windows('D:\\Users\\Ann\\x')).toBe('D:\\Users\\Ann\\x');
  });

  it('never treats a root as a home', () => {
    expect(homeAsTildeIn(['/'], { windows: false, caseInsensitive: false })('/etc/x')).toBe('/etc/x');
    expect(homeAsTildeIn(['C:\\'], { windows: true, caseInsensitive: true })('C:\\x')).toBe('C:\\x');
  });
});
