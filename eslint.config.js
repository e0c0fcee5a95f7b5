// Lint rules for the whole repository. Layering is enforced here: web, server and lab-agent
// depend on protocol only, never on one another.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const layerPatterns = (packages) =>
  packages.map((name) => ({
    group: [name, `${name}/*`],
    message: 'Layers: only protocol is shared between server, lab-agent and web.',
  }));

// Test harnesses live in `testing/` folders and the packages' `/testing` entries; the
// production build leaves them out, so production code must never import them.
const harnessPattern = {
  group: [
    '@remotelab/protocol/testing',
    '@remotelab/server/testing',
    '@remotelab/lab-agent/testing',
    '**/testing/*',
    './testing.ts',
  ],
  message: 'Test harnesses are not part of the production build.',
};
const testFiles = [
  '**/*.test.ts',
  '**/*.test.tsx',
  '**/*.contract.ts',
  '**/testing/**',
  '**/testing.ts',
];

/** One `no-restricted-imports` entry per file group: ESLint keeps only the last one that matches. */
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

/** The layer rule for a workspace, plus the harness rule for its production files. */
const layer = (folder, ...packages) => [
  { files: [`${folder}/**`], rules: restrict(layerPatterns(packages)) },
  {
    files: [`${folder}/src/**`],
    ignores: testFiles,
    rules: restrict([...layerPatterns(packages), harnessPattern]),
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Type-aware rules: a promise nobody awaits or handles is how a failure on the safety or
  // recording path goes unseen. `void` marks the ones deliberately left to run (each handles its
  // own rejection); a promise where a callback expects void is refused.
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['web/**/*.tsx', 'web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  { files: ['web/**'], languageOptions: { globals: { ...globals.browser } } },
  ...layer('web', '@remotelab/server', '@remotelab/lab-agent'),
  ...layer('lab-agent', '@remotelab/server', '@remotelab/web'),
  ...layer('server', '@remotelab/lab-agent', '@remotelab/web'),
  // The server's domain core knows no transport: only the adapters (http/, realtime/) and the
  // composition root (server/src/*.ts, cli/) may import Express, socket.io or the adapters.
  {
    files: ['server/src/*/**'],
    ignores: ['server/src/http/**', 'server/src/realtime/**', 'server/src/cli/**', ...testFiles],
    rules: restrict([
      ...layerPatterns(['@remotelab/lab-agent', '@remotelab/web']),
      harnessPattern,
      {
        group: ['**/http/*', '**/realtime/*', 'express', 'socket.io'],
        message:
          'The domain core knows no transport: move this into an adapter (http/, realtime/).',
      },
    ]),
  },
  ...layer('protocol', '@remotelab/server', '@remotelab/lab-agent', '@remotelab/web'),
  // Tests, benchmarks and scripts reach a workspace through its package entries (the layer rule
  // and the testing entries only see those), never by a relative path into its sources.
  {
    files: ['tests/**', 'bench/**', 'scripts/**'],
    rules: restrict([
      {
        group: ['**/server/src/*', '**/lab-agent/src/*', '**/protocol/src/*', '**/web/src/*'],
        message: 'Import the workspace package (or its /testing entry), not its sources.',
      },
    ]),
  },
);
