import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers (README "Code map"): data flows one way, http/cli → app → workflow → (domain, boomi,
 * store). Each folder lists the folders it must never import; a relative import that climbs out
 * of the folder into one of them is an error.
 */
const FORBIDDEN = {
  domain: ['app', 'boomi', 'cli', 'http', 'runtime', 'sandbox', 'store', 'workflow', 'config\\.ts'],
  boomi: ['app', 'cli', 'domain', 'http', 'runtime', 'sandbox', 'store', 'workflow', 'config\\.ts'],
  sandbox: ['app', 'boomi', 'cli', 'http', 'runtime', 'store', 'workflow'],
  store: ['app', 'boomi', 'cli', 'http', 'runtime', 'sandbox', 'workflow'],
  workflow: ['app', 'cli', 'http', 'runtime', 'sandbox'],
  app: ['cli', 'http', 'runtime', 'sandbox'],
  http: ['cli', 'runtime', 'sandbox', 'store', 'workflow'],
  cli: ['http', 'store', 'workflow'],
  // The notification delivery worker and its channels: the outbox (store) and pure rendering (domain).
  notifications: ['app', 'cli', 'http', 'runtime', 'sandbox', 'workflow'],
};

function layerPattern(folder) {
  return {
    regex: `^(\\.\\./)+(${FORBIDDEN[folder].join('|')})(/|$)`,
    message: `src/${folder} must not import this folder: see the layers in README.md (Code map).`,
  };
}

/** Workflow functions stay deterministic: I/O lives in steps. */
const WORKFLOW_PURITY = {
  group: ['undici', 'pg', 'node:*', '**/boomi/transport*'],
  message: 'A workflow function stays deterministic: I/O lives in its steps.',
};

const layerRules = Object.keys(FORBIDDEN).map((folder) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: { 'no-restricted-imports': ['error', { patterns: [layerPattern(folder)] }] },
}));

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
  ...layerRules,
  {
    // DBOS is the workflow engine's business (and the store's launch of it), not the use cases'.
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [layerPattern('app'), { group: ['@dbos-inc/*'], message: 'Use the workflow engine.' }],
        },
      ],
    },
  },
  {
    files: ['src/workflow/*.workflow.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [layerPattern('workflow'), WORKFLOW_PURITY] }] },
  },
  {
    // Use cases and workflows read top to bottom; a long function hides its steps.
    files: ['src/app/**/*.ts', 'src/workflow/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
  },
);
