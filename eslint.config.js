import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '.promo',
      'bench/results',
      'coverage',
      'console/dist',
      'test-output',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow functions stay deterministic: I/O lives in steps.
    files: ['src/workflow/*.workflow.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['undici', 'pg', 'node:*', '**/boomi/transport*'] }],
    },
  },
);
