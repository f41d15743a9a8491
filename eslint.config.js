// Lint rules, including the layer rule: imports only go one way
// (shared <- core <- cli/main; preload and renderer only see shared), and only
// src/main and src/preload may import electron. Which globals each layer may use is checked
// by type (one tsconfig.json per layer, see tsconfig.base.json).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'Only src/main and src/preload may import electron.' }],
};
const restrict = (...groups) => ({
  'no-restricted-imports': [
    'error',
    {
      ...electronOnlyInShell,
      patterns: groups.map((group) => ({
        group: [group],
        message: 'This import crosses a layer boundary (see docs/ARCHITECTURE.md).',
      })),
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'packages/cli/dist/',
      'release/',
      'coverage/',
      'bench/results/',
      '.tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware rules, each file typed by its own layer's tsconfig.json (the nearest one): a
    // promise is awaited, handled, or dropped on purpose with `void`.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/shared/**'],
    rules: restrict(
      '**/core/**',
      '**/cli/**',
      '**/main/**',
      '**/preload/**',
      '**/renderer/**',
      'conf',
      'keytar',
      'node:*',
    ),
  },
  {
    files: ['src/core/**'],
    rules: restrict('**/cli/**', '**/main/**', '**/preload/**', '**/renderer/**'),
  },
  {
    // The CDN check can never carry a credential: it knows no key and no API client.
    files: ['src/core/freshness/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: [
            {
              group: ['**/cli/**', '**/main/**', '**/preload/**', '**/renderer/**'],
              message: 'This import crosses a layer boundary (see docs/ARCHITECTURE.md).',
            },
            {
              group: [
                '../imagekit/imagekit-*',
                '../imagekit/private-key',
                '../imagekit/purge-submission',
                '../accounts/**',
              ],
              message: 'The freshness check talks to the CDN only: no key, no ImageKit client.',
            },
          ],
        },
      ],
    },
  },
  { files: ['src/cli/**'], rules: restrict('**/main/**', '**/preload/**', '**/renderer/**') },
  {
    // Every timer of the engine and the CLI goes through the Clock port, which caps its delay
    // (a longer one spins in Node) and lets tests run it in virtual time. Nothing may stop
    // holding the process: the CLI's awaited waits end with exit 13 when nothing holds it.
    files: ['src/core/**', 'src/cli/**'],
    ignores: ['src/core/clock.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate'].map((name) => ({
          name,
          message: 'Arm timers through the Clock port (core/clock.ts; systemClock for real I/O).',
        })),
      ],
      'no-restricted-properties': [
        'error',
        {
          property: 'unref',
          message: 'A wait the CLI awaits must hold the process alive (see cli/output-flush.ts).',
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    rules: restrict('**/core/**', '**/cli/**', '**/main/**', '**/preload/**', 'node:*'),
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/**', '**/cli/**', '**/main/**', '**/renderer/**'],
              message: 'The preload only sees src/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/cli/**', '**/preload/**', '**/renderer/**'],
              message: 'This import crosses a layer boundary.',
            },
          ],
        },
      ],
    },
  },
);
