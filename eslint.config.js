// Lint rules for the whole repository. Layering is enforced here: web, server and lab-agent
// depend on protocol only, never on one another.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noImportOf = (...packages) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: packages.map((name) => ({
        group: [name, `${name}/*`],
        message: 'Layers: only protocol is shared between server, lab-agent and web.',
      })),
    },
  ],
});

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
  {
    files: ['web/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: noImportOf('@remotelab/server', '@remotelab/lab-agent'),
  },
  { files: ['lab-agent/**'], rules: noImportOf('@remotelab/server', '@remotelab/web') },
  { files: ['server/**'], rules: noImportOf('@remotelab/lab-agent', '@remotelab/web') },
  {
    files: ['protocol/**'],
    rules: noImportOf('@remotelab/server', '@remotelab/lab-agent', '@remotelab/web'),
  },
);
