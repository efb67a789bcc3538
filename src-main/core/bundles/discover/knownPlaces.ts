// Where CA bundles usually sit, per OS, as data. Each pattern says where it comes from. Patterns:
// `~` is the home folder, `${VAR}` an environment variable (the pattern is dropped when it is unset),
// a `*` matches within one folder name, `{a,b}` is a choice (it may span folders: `{~/a,/opt/b}`),
// `/` separates folders on every OS. Looking these up takes well under a second: a missing prefix ends a pattern
// at its first folder.
import type { PlatformId } from '../../platform/types.ts';

export interface KnownPlace {
  pattern: string;
  /** Who usually owns what is found there (the owner is still worked out from the file itself). */
  what: string;
  /** Where this path comes from. */
  source: string;
}

const SRC = {
  certifi: 'certifi ships certifi/cacert.pem: https://github.com/certifi/python-certifi',
  pip: 'pip vendors certifi as pip/_vendor/certifi: https://github.com/pypa/pip/tree/main/src/pip/_vendor',
  requests:
    'requests bundled requests/cacert.pem until 2.16 (certifi from then on): https://github.com/psf/requests/blob/main/HISTORY.md',
  botocore: 'botocore ships botocore/cacert.pem: https://github.com/boto/botocore/tree/develop/botocore',
  httplib2: 'httplib2 ships httplib2/cacerts.txt: https://github.com/httplib2/httplib2',
  conda:
    "conda's ca-certificates package installs PREFIX/ssl/cacert.pem (Windows: PREFIX\\Library\\ssl\\cacert.pem): https://github.com/conda-forge/ca-certificates-feedstock",
  pyenv:
    'pyenv installs under ~/.pyenv/versions/NAME (pyenv-win: ~/.pyenv/pyenv-win/versions): https://github.com/pyenv/pyenv#how-it-works',
  userSite:
    'PEP 370 user site-packages (~/.local/lib/pythonX.Y; macOS ~/Library/Python/X.Y; Windows %APPDATA%\\Python\\PythonXY): https://peps.python.org/pep-0370/',
  debian:
    'Debian/Ubuntu install Python packages in /usr/lib/python3/dist-packages and /usr/local/lib/pythonX.Y/dist-packages: https://wiki.debian.org/Python',
  venvTools:
    "virtualenvwrapper ~/.virtualenvs, pipenv ~/.local/share/virtualenvs, poetry ~/.cache/pypoetry/virtualenvs, pipx ~/.local/pipx/venvs and ~/.local/share/pipx/venvs, uv ~/.local/share/uv: the tools' documented defaults",
  framework:
    "python.org's macOS installer: Install Certificates.command links Versions/X.Y/etc/openssl/cert.pem to certifi: https://github.com/python/cpython/blob/main/Mac/BuildScript/resources/install_certificates.command",
  homebrew:
    "Homebrew's openssl@3 writes etc/openssl@3/cert.pem from its ca-certificates formula (etc/ca-certificates/cert.pem): https://github.com/Homebrew/homebrew-core/blob/master/Formula/o/openssl@3.rb",
  gitWin:
    'Git for Windows sets http.sslCAInfo to mingw64/etc/ssl/certs/ca-bundle.crt (older: mingw64/ssl/certs, usr/ssl/certs): https://github.com/git-for-windows/build-extra',
  curl: 'curl looks for curl-ca-bundle.crt next to curl.exe, in the current and Windows folders and on PATH: https://curl.se/docs/sslcerts.html',
  goRoots:
    "Go's list of system bundles per distribution: https://github.com/golang/go/blob/master/src/crypto/x509/root_linux.go",
  opensslDir:
    "OpenSSL's default file OPENSSLDIR/cert.pem (Debian: /usr/lib/ssl, a link to /etc/ssl): https://docs.openssl.org/master/man3/SSL_CTX_load_verify_locations/",
  macSystem:
    'macOS LibreSSL reads /etc/ssl/cert.pem (/private/etc/ssl/cert.pem): man 3 SSL_CTX_load_verify_locations on macOS',
  windowsPython:
    'python.org installers: %LOCALAPPDATA%\\Programs\\Python\\PythonXY (per user), %ProgramFiles%\\PythonXY (all users): https://docs.python.org/3/using/windows.html',
  storePython:
    'Microsoft Store Python keeps user packages in %LOCALAPPDATA%\\Packages\\PythonSoftwareFoundation.Python.X.Y_*\\LocalCache\\local-packages: https://docs.python.org/3/using/windows.html#known-issues',
  sdk: 'Cloud SDKs with their own Python: Google Cloud SDK (lib/third_party), Azure CLI (/opt/az, CLI2), AWS CLI v2 (/usr/local/aws-cli): their install guides',
} as const;

/** Bundles inside one site-packages folder. */
function inSitePackages(site: string, extra: string): KnownPlace[] {
  return [
    { pattern: `${site}/certifi/cacert.pem`, what: 'certifi', source: `${SRC.certifi}; ${extra}` },
    { pattern: `${site}/pip/_vendor/certifi/cacert.pem`, what: 'pip', source: `${SRC.pip}; ${extra}` },
    {
      pattern: `${site}/pip/_vendor/requests/cacert.pem`,
      what: 'pip',
      source: `${SRC.requests} (vendored in old pip); ${extra}`,
    },
    { pattern: `${site}/requests/cacert.pem`, what: 'requests', source: `${SRC.requests}; ${extra}` },
    { pattern: `${site}/botocore/cacert.pem`, what: 'botocore', source: `${SRC.botocore}; ${extra}` },
    { pattern: `${site}/httplib2/cacerts.txt`, what: 'httplib2', source: `${SRC.httplib2}; ${extra}` },
  ];
}

/** A Unix Python prefix: lib/pythonX.Y/site-packages (dist-packages on Debian, lib64 on Fedora, PyPy). */
function unixPrefix(prefix: string, source: string): KnownPlace[] {
  return inSitePackages(`${prefix}/lib{,64}/{python,pypy}*/{site,dist}-packages`, source);
}

/** A conda prefix (base or env): its ssl/ folder and its Python's packages. */
function condaUnix(prefix: string): KnownPlace[] {
  return [
    { pattern: `${prefix}/ssl/cacert.pem`, what: 'conda', source: SRC.conda },
    { pattern: `${prefix}/ssl/cert.pem`, what: 'conda', source: SRC.conda },
    ...unixPrefix(prefix, SRC.conda),
  ];
}

function condaWindows(prefix: string): KnownPlace[] {
  return [
    { pattern: `${prefix}/Library/ssl/cacert.pem`, what: 'conda', source: SRC.conda },
    { pattern: `${prefix}/Library/ssl/cert.pem`, what: 'conda', source: SRC.conda },
    ...inSitePackages(`${prefix}/Lib/site-packages`, SRC.conda),
  ];
}

const CONDA_NAMES = '{anaconda3,anaconda2,miniconda3,miniconda2,miniforge3,mambaforge,micromamba,.conda}';

function unixPythons(): KnownPlace[] {
  const venvs =
    '{~/.virtualenvs/*,~/.local/share/virtualenvs/*,~/.cache/pypoetry/virtualenvs/*,~/.local/pipx/venvs/*,~/.local/share/pipx/venvs/*,~/.local/share/uv/tools/*,~/.local/share/uv/python/*}';
  return [
    ...unixPrefix('~/.pyenv/versions/*', SRC.pyenv),
    ...unixPrefix('~/.pyenv/versions/*/envs/*', `${SRC.pyenv} (pyenv-virtualenv)`),
    ...unixPrefix(
      '~/.asdf/installs/python/*',
      'asdf installs Python under ~/.asdf/installs/python: https://github.com/asdf-community/asdf-python',
    ),
    ...unixPrefix('~/.local', SRC.userSite),
    ...unixPrefix(venvs, SRC.venvTools),
    ...unixPrefix('/usr', SRC.debian),
    ...unixPrefix('/usr/local', SRC.debian),
    ...unixPrefix('/opt/*', SRC.sdk),
    ...condaUnix(`~/${CONDA_NAMES}`),
    ...condaUnix(`~/${CONDA_NAMES}/envs/*`),
    ...condaUnix(`/opt/${CONDA_NAMES.replace('{', '{conda,')}`),
    ...condaUnix(`/opt/${CONDA_NAMES.replace('{', '{conda,')}/envs/*`),
    { pattern: '~/google-cloud-sdk/lib/third_party/certifi/cacert.pem', what: 'sdk', source: SRC.sdk },
    { pattern: '/usr/lib/google-cloud-sdk/lib/third_party/certifi/cacert.pem', what: 'sdk', source: SRC.sdk },
    ...unixPrefix('/opt/az', SRC.sdk),
    { pattern: '/usr/local/aws-cli/v2/*/dist/{certifi,botocore}/cacert.pem', what: 'sdk', source: SRC.sdk },
    { pattern: '/usr/local/aws-cli/v2/*/dist/awscli/botocore/cacert.pem', what: 'sdk', source: SRC.sdk },
  ];
}

const LINUX: KnownPlace[] = [
  {
    pattern: '/etc/ssl/certs/ca-certificates.crt',
    what: 'system',
    source: `Debian, Ubuntu, Arch, Gentoo: ${SRC.goRoots}`,
  },
  { pattern: '/etc/pki/tls/certs/ca-bundle.crt', what: 'system', source: `Fedora, RHEL, CentOS: ${SRC.goRoots}` },
  { pattern: '/etc/pki/tls/cacert.pem', what: 'system', source: `OpenELEC: ${SRC.goRoots}` },
  { pattern: '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', what: 'system', source: `RHEL 7+: ${SRC.goRoots}` },
  { pattern: '/etc/ssl/ca-bundle.pem', what: 'system', source: `openSUSE: ${SRC.goRoots}` },
  { pattern: '/etc/ssl/cert.pem', what: 'system', source: `Alpine: ${SRC.goRoots}` },
  { pattern: '/usr/lib/ssl/cert.pem', what: 'system', source: SRC.opensslDir },
  { pattern: '/usr/local/ssl/cert.pem', what: 'system', source: `${SRC.opensslDir} (OpenSSL built from source)` },
  {
    pattern: '/home/linuxbrew/.linuxbrew/etc/{openssl@3,openssl@1.1,openssl,ca-certificates}/cert.pem',
    what: 'homebrew',
    source: SRC.homebrew,
  },
  ...unixPrefix('/home/linuxbrew/.linuxbrew', SRC.homebrew),
  ...unixPythons(),
];

const DARWIN: KnownPlace[] = [
  { pattern: '/etc/ssl/cert.pem', what: 'system', source: SRC.macSystem },
  { pattern: '/private/etc/ssl/cert.pem', what: 'system', source: SRC.macSystem },
  {
    pattern: '/Library/Frameworks/Python.framework/Versions/*/etc/openssl/cert.pem',
    what: 'python-framework',
    source: SRC.framework,
  },
  ...inSitePackages('/Library/Frameworks/Python.framework/Versions/*/lib/python*/site-packages', SRC.framework),
  ...inSitePackages('~/Library/Python/*/lib/python/site-packages', SRC.userSite),
  {
    pattern: '{/opt/homebrew,/usr/local}/etc/{openssl@3,openssl@1.1,openssl,ca-certificates}/cert.pem',
    what: 'homebrew',
    source: SRC.homebrew,
  },
  {
    pattern: '{/opt/homebrew,/usr/local}/Cellar/ca-certificates/*/share/ca-certificates/cacert.pem',
    what: 'homebrew',
    source: SRC.homebrew,
  },
  ...unixPrefix('/opt/homebrew', SRC.homebrew),
  ...unixPrefix('{/opt/homebrew,/usr/local}/Cellar/python@*/*/Frameworks/Python.framework/Versions/*', SRC.homebrew),
  ...unixPythons(),
];

const WIN32: KnownPlace[] = [
  {
    pattern: '{${ProgramFiles},${ProgramFiles(x86)},${LOCALAPPDATA}/Programs}/Git/mingw64/etc/ssl/certs/ca-bundle.crt',
    what: 'git',
    source: SRC.gitWin,
  },
  {
    pattern: '{${ProgramFiles},${ProgramFiles(x86)},${LOCALAPPDATA}/Programs}/Git/mingw64/etc/ssl/cert.pem',
    what: 'git',
    source: SRC.gitWin,
  },
  {
    pattern: '{${ProgramFiles},${ProgramFiles(x86)},${LOCALAPPDATA}/Programs}/Git/mingw{64,32}/ssl/certs/ca-bundle.crt',
    what: 'git',
    source: SRC.gitWin,
  },
  {
    pattern: '{${ProgramFiles},${ProgramFiles(x86)},${LOCALAPPDATA}/Programs}/Git/mingw{64,32}/bin/curl-ca-bundle.crt',
    what: 'git',
    source: `${SRC.gitWin}; ${SRC.curl}`,
  },
  {
    pattern: '{${ProgramFiles},${ProgramFiles(x86)},${LOCALAPPDATA}/Programs}/Git/usr/ssl/certs/ca-bundle.crt',
    what: 'git',
    source: SRC.gitWin,
  },
  { pattern: '${SystemRoot}/System32/curl-ca-bundle.crt', what: 'curl', source: SRC.curl },
  { pattern: '${ProgramFiles}/curl*/bin/curl-ca-bundle.crt', what: 'curl', source: SRC.curl },
  ...inSitePackages('${LOCALAPPDATA}/Programs/Python/Python*/Lib/site-packages', SRC.windowsPython),
  ...inSitePackages('{${ProgramFiles},${ProgramFiles(x86)}}/Python*/Lib/site-packages', SRC.windowsPython),
  ...inSitePackages('${SystemDrive}/Python*/Lib/site-packages', `${SRC.windowsPython} (old default C:\\PythonXY)`),
  ...inSitePackages('${APPDATA}/Python/Python*/site-packages', SRC.userSite),
  ...inSitePackages(
    '${LOCALAPPDATA}/Packages/PythonSoftwareFoundation.Python.*/LocalCache/local-packages/Python*/site-packages',
    SRC.storePython,
  ),
  ...inSitePackages('~/.pyenv/pyenv-win/versions/*/Lib/site-packages', SRC.pyenv),
  ...inSitePackages('~/{.virtualenvs,Envs}/*/Lib/site-packages', SRC.venvTools),
  ...condaWindows(`{~,\${ProgramData},\${LOCALAPPDATA}}/${CONDA_NAMES}`),
  ...condaWindows(`{~,\${ProgramData},\${LOCALAPPDATA}}/${CONDA_NAMES}/envs/*`),
  ...inSitePackages('{${ProgramFiles},${ProgramFiles(x86)}}/Microsoft SDKs/Azure/CLI2/Lib/site-packages', SRC.sdk),
  {
    pattern:
      '{${LOCALAPPDATA},${ProgramFiles(x86)},${ProgramFiles}}/Google/Cloud SDK/google-cloud-sdk/lib/third_party/certifi/cacert.pem',
    what: 'sdk',
    source: SRC.sdk,
  },
];

export const KNOWN_PLACES: Readonly<Record<PlatformId, readonly KnownPlace[]>> = {
  linux: LINUX,
  darwin: DARWIN,
  win32: WIN32,
};
