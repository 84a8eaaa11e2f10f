import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.tools/', 'test-output/', 'openapi/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Forgetting to await a Temporal or database call is a silent bug.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { projectService: false }, globals: { console: 'readonly', process: 'readonly' } },
  },
  // The panel's one browser script.
  { files: ['static/**/*.js'], languageOptions: { globals: { document: 'readonly', window: 'readonly' } } },
  // Migrations are frozen in time and typed Kysely<any> on purpose.
  { files: ['migrations/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    // Workflow code runs in a deterministic sandbox: no Node built-ins, no database, no server. The
    // contracts are imported by the workflows, so they live by the same rule.
    files: ['workflows/**/*.ts', 'domain/**/*.ts', 'contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.flatMap((m) => [m, `node:${m}`]),
          patterns: [
            { group: ['**/db/**', '**/server/**', '**/runtime/**', '**/views/**', 'kysely', 'pg', 'fastify'], message: 'workflow, domain and contract code stays pure' },
            { group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: 'import activity types only' },
          ],
        },
      ],
    },
  },
  {
    // Directions: views are the panel's; only the panel adapter (server/panel, server/render.ts,
    // server/errors.ts) renders them. Everything else takes its words from i18n/ and its printed or mailed
    // output from documents/. (The typescript-eslint twin of the rule, so that other folders' own
    // no-restricted-imports blocks do not replace this one.)
    files: [
      'activities/**/*.{ts,tsx}', 'documents/**/*.{ts,tsx}', 'domain/**/*.ts', 'workflows/**/*.ts', 'contracts/**/*.ts', 'runtime/**/*.ts',
      'db/**/*.ts', 'i18n/**/*.ts', 'scripts/**/*.ts', 'server/services/**/*.ts', 'server/api/**/*.ts', 'server/*.{ts,tsx}',
    ],
    ignores: ['server/render.ts', 'server/errors.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/views', '**/views/**'], message: 'only the panel adapter imports views: take words from i18n/, documents from documents/' }] },
      ],
    },
  },
  {
    // Adapters parse, call a service, render: the service queries, checks and audits (issue 12).
    files: ['server/api/**/*.ts', 'server/panel/**/*.ts', 'server/panel/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', message: 'adapters do not query: call a service' },
            { name: 'pg', message: 'adapters do not query: call a service' },
          ],
          patterns: [
            { group: ['**/db/*', '**/db/**'], message: 'adapters do not query: call a service' },
            { group: ['**/server/audit', '../audit', './audit'], message: 'the service writes the audit row' },
          ],
        },
      ],
    },
  },
  {
    // Services are used by the views' adapters, never the reverse: read-model types live in the service.
    files: ['server/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/views/pages/*', '**/views/pages/**', '**/server/panel/**', '**/server/api/**', '../panel/*', '../api/*'], message: 'services do not import views or adapters' }] },
      ],
    },
  },
  {
    // Views take what they show from the adapter: from services they import types only, never functions.
    files: ['views/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', '**/db/**', '**/activities/**', '**/workflows/**'], allowTypeImports: true, message: 'views are pure: import types only from services' }] },
      ],
    },
  },
  {
    // A production file longer than this says why at its top (`/* eslint-disable max-lines -- why */`).
    files: ['**/*.{ts,tsx}'],
    ignores: ['tests/**', 'bench/**', 'migrations/**', '**/*.d.ts'],
    rules: { 'max-lines': ['error', { max: 350, skipBlankLines: true, skipComments: true }] },
  },
);
