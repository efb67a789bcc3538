// Fake certutil.exe and powershell.exe for the Windows backend's store commands, on PATH in a folder
// the test owns: LocalMachine\Root is the folder `root/` beside them, one file per thumbprint. Each fake
// is a Node script. In mode 'stub' both exit 0 and do nothing, as Wine's stubs do; in mode 'no-import'
// Import-Certificate alone does (a PowerShell that reports success and imports nothing); in mode
// 'works' they do their job: -generateSSTFromWU copies `wu.sst` (Windows Update's list, laid there by the test) to
// the path it is given, Import-Certificate puts each root of that file into root/, Get-ChildItem lists
// root/'s thumbprints. On this host the backend's `<store>\roots.sst` is one file name beside store/:
// the fakes read and write exactly the path they are given, after checking (as certutil does, error
// 0x80070003) that the folder it names, `<store>/`, exists.
import { X509Certificate } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A serialized certificate store ([MS-OSHARED] 2.3.9.1): version 0, "CERT", for each certificate a
 * SHA-1 property (id 3) and the certificate (id 32), then the end marker. Written independently of
 * the parser under test (platform/winSst.ts). */
export function buildSst(ders: Buffer[]): Buffer {
  const element = (id: number, data: Buffer): Buffer => {
    const head = Buffer.alloc(12);
    head.writeUInt32LE(id, 0);
    head.writeUInt32LE(1, 4);
    head.writeUInt32LE(data.length, 8);
    return Buffer.concat([head, data]);
  };
  const header = Buffer.alloc(8);
  header.writeUInt32LE(0x54524543, 4);
  const sha1 = (der: Buffer): Buffer => Buffer.from(new X509Certificate(der).fingerprint.replace(/:/g, ''), 'hex');
  return Buffer.concat([header, ...ders.flatMap((d) => [element(3, sha1(d)), element(32, d)]), Buffer.alloc(12)]);
}

const COMMON = `
const fs = require('node:fs'), path = require('node:path'), { X509Certificate } = require('node:crypto');
const here = __dirname, root = path.join(here, 'root');
const mode = fs.readFileSync(path.join(here, 'mode'), 'utf8').trim();
const thumb = (der) => new X509Certificate(der).fingerprint.replace(/:/g, '');
const folderOf = (p) => path.dirname(p.replace(/\\\\/g, '/'));
const args = process.argv.slice(2);
if (mode === 'stub') process.exit(0);
`;

const CERTUTIL = `${COMMON}
if (args[0] === '-addstore') {
  const der = new X509Certificate(fs.readFileSync(args[3])).raw;
  fs.writeFileSync(path.join(root, thumb(der)), der);
} else if (args[0] === '-delstore') {
  fs.rmSync(path.join(root, args[2].toUpperCase()), { force: true });
} else if (args[0] === '-generateSSTFromWU') {
  if (!fs.existsSync(folderOf(args[1]))) { console.log('CertUtil: -generateSSTFromWU command FAILED: 0x80070003 (WIN32: 3 ERROR_PATH_NOT_FOUND)'); process.exit(3); }
  fs.copyFileSync(path.join(here, 'wu.sst'), args[1]);
} else process.exit(1);
console.log('CertUtil: ' + args[0] + ' command completed successfully.');
`;

const POWERSHELL = `${COMMON}
const script = args[args.length - 1];
const imp = /Import-Certificate -FilePath '([^']*)'/.exec(script);
const one = /Cert:\\\\LocalMachine\\\\Root\\\\([0-9A-F]{40})'/.exec(script);
if (imp) {
  if (mode === 'no-import') process.exit(0);
  if (!fs.existsSync(imp[1])) { console.error('Import-Certificate : The system cannot find the file specified.'); process.exit(1); }
  const b = fs.readFileSync(imp[1]);
  for (let at = 8; at + 12 <= b.length; ) {
    const id = b.readUInt32LE(at), len = b.readUInt32LE(at + 8);
    if (id === 0) break;
    if (id === 32) { const der = b.subarray(at + 12, at + 12 + len); fs.writeFileSync(path.join(root, thumb(der)), der); }
    at += 12 + len;
  }
} else if (one) {
  if (!fs.existsSync(path.join(root, one[1]))) { console.error('Get-Item : Cannot find path'); process.exit(1); }
  process.stdout.write(one[1] + '\\r\\n');
} else if (/Get-ChildItem -LiteralPath 'Cert:\\\\LocalMachine\\\\Root'/.test(script)) {
  for (const t of fs.readdirSync(root)) process.stdout.write(t + '\\r\\n');
}
`;

export interface WinStoreFakes {
  bin: string;
  /** LocalMachine\Root: one file per thumbprint. */
  root: string;
  setMode(mode: 'stub' | 'no-import' | 'works'): void;
  /** Windows Update's list, as -generateSSTFromWU will write it. */
  setWindowsUpdateList(sst: Buffer): void;
}

/** The fakes in `dir`/bin, mode 'works'; put `bin` first on PATH. */
export function makeWinStoreFakes(dir: string): WinStoreFakes {
  const bin = join(dir, 'bin');
  const root = join(bin, 'root');
  mkdirSync(root, { recursive: true });
  const shebang = `#!${process.execPath}\n`;
  writeFileSync(join(bin, 'certutil.exe'), shebang + CERTUTIL, { mode: 0o755 });
  writeFileSync(join(bin, 'powershell.exe'), shebang + POWERSHELL, { mode: 0o755 });
  writeFileSync(join(bin, 'mode'), 'works');
  return {
    bin,
    root,
    setMode: (mode) => writeFileSync(join(bin, 'mode'), mode),
    setWindowsUpdateList: (sst) => writeFileSync(join(bin, 'wu.sst'), sst),
  };
}
