// Layers by folder, after VS Code's layer rules: each folder names what it may import, and a file
// that no rule covers is an error (so a new folder must be given a rule).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'child_process', 'os', 'net', 'tls', 'path', 'crypto', 'http', 'https', 'dgram', 'worker_threads', 'cluster', 'module', 'process', 'url', 'util', 'stream', 'zlib', 'dns', 'readline', 'vm', 'v8', 'perf_hooks', 'buffer', 'events', 'timers'];
const nodeBuiltinPatterns = NODE_BUILTINS.flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);

const layers = [
  {
    name: 'core: plain Node; never electron, never the shells',
    files: ['src-main/core/**/*.ts'],
    restricted: {
      paths: [{ name: 'electron', message: 'core is plain Node: it never imports electron.' }],
      patterns: [
        { group: ['**/electron/**', '**/cli/**', '**/api/**', '**/src-renderer/**', 'react', 'react-dom'], message: 'core does not depend on the shells (electron, cli, api) or the UI.' },
      ],
    },
  },
  {
    name: 'api: core plus validation; no electron',
    files: ['src-main/api/**/*.ts'],
    restricted: {
      paths: [{ name: 'electron', message: 'the API table is shell-neutral: electron wires it in src-main/electron.' }],
      patterns: [{ group: ['**/electron/**', '**/cli/**', '**/src-renderer/**'], message: 'api sits below the shells.' }],
    },
  },
  {
    name: 'cli: core and api; no electron',
    files: ['src-main/cli/**/*.ts'],
    restricted: {
      paths: [{ name: 'electron', message: 'the CLI runs without Electron.' }],
      patterns: [{ group: ['**/electron/**', '**/src-renderer/**'], message: 'the CLI does not import the app shell or the UI.' }],
    },
  },
  {
    name: 'electron: the thin shell',
    files: ['src-main/electron/**/*.ts'],
    restricted: { patterns: [{ group: ['**/src-renderer/**'], message: 'the main process does not import renderer code.' }] },
  },
  {
    name: 'renderer: asks the API; never the filesystem, processes or core',
    files: ['src-renderer/**/*.{ts,tsx}'],
    restricted: {
      paths: [{ name: 'electron', message: 'the renderer reaches the main process only through the preload bridge.' }],
      patterns: [
        { group: nodeBuiltinPatterns, message: 'the renderer never touches the filesystem or spawns processes: ask the API.' },
        { group: ['**/src-main/core/**', '**/core/**'], message: 'the renderer does not import core: it asks the API by channel.' },
      ],
    },
  },
  { name: 'tests, scripts, config', files: ['test/**/*.{ts,tsx,mjs,js}', 'scripts/**/*.{ts,mjs,js}', '*.{ts,js,mjs}', 'bin/**/*.js', 'assets/**/*.ts'], restricted: null },
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
    .map((l) => ({ name: l.name, files: l.files, rules: { 'no-restricted-imports': ['error', l.restricted] } })),
  {
    name: 'every source file must belong to a layer',
    files: ['**/*.{ts,tsx}'],
    ignores: covered,
    rules: { 'no-restricted-syntax': ['error', { selector: 'Program', message: 'This file is in no layer of eslint.config.js: add its folder to a layer with the imports it may use.' }] },
  },
);
