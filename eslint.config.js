// Layers by folder, after VS Code's layer rules: each folder names what it may import, and a file
// that no rule covers is an error (so a new folder must be given a rule). Inside core the layers are
// one ordered list, written once (CORE_ORDER); each entry's forbidden imports are the entries above it.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'fs',
  'child_process',
  'os',
  'net',
  'tls',
  'path',
  'crypto',
  'http',
  'https',
  'dgram',
  'worker_threads',
  'cluster',
  'module',
  'process',
  'url',
  'util',
  'stream',
  'zlib',
  'dns',
  'readline',
  'vm',
  'v8',
  'perf_hooks',
  'buffer',
  'events',
  'timers',
];
const nodeBuiltinPatterns = NODE_BUILTINS.flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);

const SRC = '{ts,tsx,mts,cts}';

// Core's own order, lowest first: an entry may import itself and what is below it, never what is
// above (house rule: certs <- platform <- trust <- bundles <- pythons <- diagnose <- repair).
// Entries on one row share a level. A folder ends in '/', a file is named as it is.
const CORE_ORDER = [
  ['messages.ts', 'cancel.ts', 'dataDir.ts'], // the floor: words, cancellation, the data folder
  ['certs/'],
  ['platform/'],
  ['trust/'],
  ['context.ts'], // a scan's shared readers: certs, the platform, the trust store
  ['bundles/'],
  ['pythons/'],
  ['clients/'], // the other programs' settings, read beside the interpreters
  ['diagnose/'],
  ['repair/'],
];

const coreShells = {
  paths: [{ name: 'electron', message: 'core is plain Node: it never imports electron.' }],
  patterns: [
    {
      group: ['**/electron/**', '**/cli/**', '**/api/**', '**/src-renderer/**', 'react', 'react-dom'],
      message: 'core does not depend on the shells (electron, cli, api) or the UI.',
    },
  ],
};

const entryFiles = (entry) =>
  entry.endsWith('/') ? [`src-main/core/${entry}**/*.${SRC}`] : [`src-main/core/${entry}`];
const entryImports = (entry) => (entry.endsWith('/') ? [`**/${entry}**`] : [`**/${entry}`]);

const coreLayers = CORE_ORDER.flatMap((row, level) => {
  const above = CORE_ORDER.slice(level + 1).flat();
  return row.map((entry) => ({
    name: `core/${entry}: plain Node; imports ${level === 0 ? 'nothing else in core' : CORE_ORDER.slice(0, level).flat().join(', ')} and itself`,
    files: entryFiles(entry),
    restricted: {
      paths: coreShells.paths,
      patterns: [
        ...coreShells.patterns,
        ...(above.length
          ? [
              {
                group: above.flatMap(entryImports),
                message: `core imports only go down: ${entry} sits below ${above.join(', ')} (eslint.config.js, CORE_ORDER).`,
              },
            ]
          : []),
      ],
    },
  }));
});

// The preload is a sandboxed CommonJS script: electron is all it may load, by import or require.
const PRELOAD = 'src-main/electron/preload.cts';
const preloadOnly = 'the preload imports electron only: not the renderer, core or Node (it runs sandboxed).';
const notElectron = "[value!='electron']";
const preloadRule = [
  'error',
  ...[
    `ImportDeclaration > Literal.source${notElectron}`,
    `ExportNamedDeclaration > Literal.source${notElectron}`,
    `ExportAllDeclaration > Literal.source${notElectron}`,
    `ImportExpression:not([source.value='electron'])`,
    `CallExpression[callee.name='require']:not([arguments.0.value='electron'])`,
    `TSExternalModuleReference:not([expression.value='electron'])`,
  ].map((selector) => ({ selector, message: preloadOnly })),
];

const layers = [
  ...coreLayers,
  {
    name: 'api: core plus validation; no electron',
    files: [`src-main/api/**/*.${SRC}`],
    restricted: {
      paths: [{ name: 'electron', message: 'the API table is shell-neutral: electron wires it in src-main/electron.' }],
      patterns: [
        { group: ['**/electron/**', '**/cli/**', '**/src-renderer/**'], message: 'api sits below the shells.' },
      ],
    },
  },
  {
    name: 'cli: core and api; no electron',
    files: [`src-main/cli/**/*.${SRC}`],
    restricted: {
      paths: [{ name: 'electron', message: 'the CLI runs without Electron.' }],
      patterns: [
        {
          group: ['**/electron/**', '**/src-renderer/**'],
          message: 'the CLI does not import the app shell or the UI.',
        },
      ],
    },
  },
  {
    name: 'electron: the thin shell',
    files: [`src-main/electron/**/*.${SRC}`],
    ignores: [PRELOAD],
    restricted: {
      patterns: [{ group: ['**/src-renderer/**'], message: 'the main process does not import renderer code.' }],
    },
  },
  {
    name: 'renderer: asks the API; never the filesystem, processes or core',
    files: [`src-renderer/**/*.${SRC}`],
    restricted: {
      paths: [{ name: 'electron', message: 'the renderer reaches the main process only through the preload bridge.' }],
      patterns: [
        {
          group: nodeBuiltinPatterns,
          message: 'the renderer never touches the filesystem or spawns processes: ask the API.',
        },
        {
          group: ['**/src-main/core/**', '**/core/**'],
          message: 'the renderer does not import core: it asks the API by channel.',
        },
      ],
    },
  },
  { name: 'preload: electron only', files: [PRELOAD], restricted: null, syntax: preloadRule },
  {
    name: 'tests, scripts, config',
    files: [
      'test/**/*.{ts,tsx,mts,cts,mjs,js}',
      'scripts/**/*.{ts,mts,cts,mjs,js}',
      '*.{ts,mts,cts,js,mjs}',
      'bin/**/*.js',
      `assets/**/*.${SRC}`,
    ],
    restricted: null,
  },
];

const covered = layers.flatMap((l) => l.files);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', 'assets/probe/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  ...layers
    .filter((l) => l.restricted)
    .map((l) => ({
      name: l.name,
      files: l.files,
      ...(l.ignores ? { ignores: l.ignores } : {}),
      rules: { 'no-restricted-imports': ['error', l.restricted] },
    })),
  ...layers
    .filter((l) => l.syntax)
    .map((l) => ({ name: l.name, files: l.files, rules: { 'no-restricted-syntax': l.syntax } })),
  {
    name: 'every source file must belong to a layer',
    files: [`**/*.${SRC}`],
    ignores: covered,
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Program',
          message:
            'This file is in no layer of eslint.config.js: add its folder to a layer with the imports it may use.',
        },
      ],
    },
  },
);
