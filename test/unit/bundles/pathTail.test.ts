// The bundles table keeps the end of each path that tells it from the others (issue 15).
import { describe, expect, it } from 'vitest';
import { distinctTails, splitAt } from '../../../src-renderer/bundles/pathTail.ts';

describe('distinctTails', () => {
  it('keeps enough names to tell pip’s vendored certifi from certifi itself', () => {
    const pip = '/home/a/venv/lib/python3.11/site-packages/pip/_vendor/certifi/cacert.pem';
    const certifi = '/home/a/venv/lib/python3.11/site-packages/certifi/cacert.pem';
    const tails = distinctTails([pip, certifi]);
    expect(splitAt(pip, tails.get(pip)!).tail).toBe('/_vendor/certifi/cacert.pem');
    expect(splitAt(certifi, tails.get(certifi)!).tail).toBe('/site-packages/certifi/cacert.pem');
  });
  it('keeps the folder and file of a lone path, and splits Windows paths too', () => {
    const win = 'C:\\Program Files\\Git\\mingw64\\etc\\ssl\\certs\\ca-bundle.crt';
    expect(distinctTails([win]).get(win)).toBe(2);
    expect(splitAt(win, 2)).toEqual({
      head: 'C:\\Program Files\\Git\\mingw64\\etc\\ssl',
      tail: '\\certs\\ca-bundle.crt',
    });
    expect(splitAt('cacert.pem', 2)).toEqual({ head: '', tail: 'cacert.pem' });
  });
});
