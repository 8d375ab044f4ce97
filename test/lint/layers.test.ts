/**
 * The lint config enforces the layers (README "Code map"): a deliberate violation, linted as if
 * it sat in the folder, must fail with the layer rule; the same import from a folder that may
 * make it must pass. Type-aware parsing is switched off: the snippets are not files of the project.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});

/** The rule ids and messages ESLint reports for `code` placed at `filePath`. */
async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

const importing = (specifier: string) => `import * as other from '${specifier}';\nexport const x = other;\n`;

describe('layer rules (eslint no-restricted-imports per folder)', () => {
  it.each([
    ['src/domain/snippet.ts', '../store/repositories/index.ts', 'src/domain'],
    ['src/domain/snippet.ts', '../boomi/index.ts', 'src/domain'],
    ['src/sandbox/objects/snippet.ts', '../../boomi/index.ts', 'src/sandbox'],
    ['src/http/routes/snippet.ts', '../../store/repositories/index.ts', 'src/http'],
    ['src/http/routes/snippet.ts', '../../workflow/steps/index.ts', 'src/http'],
    ['src/cli/commands/snippet.ts', '../../store/repositories/index.ts', 'src/cli'],
    ['src/cli/commands/snippet.ts', '../../workflow/engine.ts', 'src/cli'],
    ['src/app/snippet.ts', '../http/app.ts', 'src/app'],
    ['src/workflow/steps/snippet.ts', '../../app/contract.ts', 'src/workflow'],
    ['src/notifications/snippet.ts', '../app/contract.ts', 'src/notifications'],
    ['src/notifications/snippet.ts', '../workflow/engine.ts', 'src/notifications'],
  ])('refuses %s importing %s', async (filePath, specifier, folder) => {
    expect(await problems(filePath, importing(specifier))).toEqual([
      `no-restricted-imports: '${specifier}' import is restricted from being used by a pattern. ` +
        `${folder} must not import this folder: see the layers in README.md (Code map).`,
    ]);
  });

  it.each([
    ['src/http/routes/snippet.ts', '../../app/contract.ts'],
    ['src/cli/commands/snippet.ts', '../../app/contract.ts'],
    ['src/app/snippet.ts', '../workflow/engine.ts'],
    ['src/workflow/steps/snippet.ts', '../../store/repositories/index.ts'],
    ['src/sandbox/objects/snippet.ts', '../../domain/boomi-calls.ts'],
    ['src/notifications/snippet.ts', '../store/notification-outbox.ts'],
  ])('allows %s importing %s', async (filePath, specifier) => {
    expect(await problems(filePath, importing(specifier))).toEqual([]);
  });

  it('keeps workflow functions free of I/O and the use cases free of DBOS', async () => {
    expect(await problems('src/workflow/snippet.workflow.ts', importing('pg'))).toEqual([
      "no-restricted-imports: 'pg' import is restricted from being used by a pattern. " +
        'A workflow function stays deterministic: I/O lives in its steps.',
    ]);
    expect(await problems('src/app/snippet.ts', importing('@dbos-inc/dbos-sdk'))).toEqual([
      "no-restricted-imports: '@dbos-inc/dbos-sdk' import is restricted from being used by a pattern. " +
        'Use the workflow engine.',
    ]);
  });

  it('refuses a function over 60 lines in src/app and src/workflow', async () => {
    const long = `export function tooLong(): number {\n${'  void 0;\n'.repeat(60)}  return 1;\n}\n`;
    expect((await problems('src/app/snippet.ts', long)).map((p) => p.split(':')[0])).toEqual([
      'max-lines-per-function',
    ]);
    expect(await problems('src/http/snippet.ts', long)).toEqual([]);
  });
});
