import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.tools/', 'test-output/'] },
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
);
