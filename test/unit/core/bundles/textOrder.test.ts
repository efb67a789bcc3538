// textOrder.ts sorts printable ASCII without ICU; it must give exactly the order localeCompare gives
// here (the tests run under LANG=C.UTF-8, test/helpers/setup.ts), and hand anything else to ICU.
import { describe, expect, it } from 'vitest';
import { compareAscii, compareText, defaultLocaleIsRootLike } from '../../../../src-main/core/bundles/textOrder.ts';

const collator = new Intl.Collator();
const sign = (n: number): number => Math.sign(n);
const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the order of names and paths', () => {
  it('is the collator’s for every pair of printable ASCII characters', () => {
    const wrong: string[] = [];
    for (const a of printable)
      for (const b of printable) if (compareAscii(a, b) !== sign(collator.compare(a, b))) wrong.push(`${a} ${b}`);
    expect(wrong).toEqual([]);
  });

  it('is the collator’s for random strings alike in case, punctuation and prefixes', () => {
    const next = random(16);
    const alphabet = "aAbBzZ09 -_.,()&'/:@";
    const make = (): string =>
      Array.from({ length: 1 + Math.floor(next() * 6) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const wrong: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const a = make();
      // Half the time the second string shares a start with the first (a prefix, a case change).
      const b =
        next() < 0.5
          ? make()
          : a.slice(0, Math.floor(next() * (a.length + 1))) + (next() < 0.5 ? make() : a.slice(0, 2).toUpperCase());
      if (compareAscii(a, b) !== sign(collator.compare(a, b))) wrong.push(JSON.stringify([a, b]));
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('sorts real root names as localeCompare does', () => {
    const names = [
      'GlobalSign',
      'GlobalSign Root CA',
      'Go Daddy Class 2 CA',
      'GTS Root R1',
      'globalsign',
      'D-TRUST Root Class 3 CA 2 2009',
      'DigiCert Global Root G2',
      'e-Szigno Root CA 2017',
      'emSign Root CA - G1',
      'Entrust.net Certification Authority (2048)',
      'ACCVRAIZ1',
      'AC RAIZ FNMT-RCM',
      'Amazon Root CA 1',
    ];
    expect([...names].sort(compareText)).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('leaves anything but printable ASCII to ICU', () => {
    expect(compareAscii('TÜBİTAK Kamu SM SSL Kok Sertifikasi', 'TWCA Root')).toBeUndefined();
    expect(compareAscii('a\tb', 'a b')).toBeUndefined();
    expect(sign(compareText('NetLock Arany (Class Gold) Főtanúsítvány', 'NetLock Arany (Class Gold) Fo'))).toBe(
      sign('NetLock Arany (Class Gold) Főtanúsítvány'.localeCompare('NetLock Arany (Class Gold) Fo')),
    );
  });

  it('is used only where the locale collates ASCII as the root locale does', () => {
    expect(defaultLocaleIsRootLike({ LANG: 'C.UTF-8' })).toBe(true);
    expect(defaultLocaleIsRootLike({})).toBe(true);
    expect(defaultLocaleIsRootLike({ LANG: 'en_US.UTF-8', LC_ALL: 'POSIX' })).toBe(true);
    expect(defaultLocaleIsRootLike({ LANG: 'en_US.UTF-8', LANGUAGE: 'en_GB:en' })).toBe(true);
    // Danish sorts upper case first; Swedish and others tailor letters: ICU decides there.
    expect(defaultLocaleIsRootLike({ LANG: 'da_DK.UTF-8' })).toBe(false);
    expect(defaultLocaleIsRootLike({ LANG: 'en_US.UTF-8', LC_ALL: 'sv_SE.UTF-8' })).toBe(false);
    expect(defaultLocaleIsRootLike({ LANG: 'en_US@collation=phonebook' })).toBe(false);
  });
});
