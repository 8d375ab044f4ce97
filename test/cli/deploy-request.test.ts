import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployRequestBody } from '../../src/cli/deploy-request.ts';
import { CliError } from '../../src/cli/errors.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'promo-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('promo deploy flags → request body', () => {
  it('maps every flag to its request field', async () => {
    const body = await deployRequestBody({
      promotionId: 'p-1',
      packageVersion: '1.2.0',
      target: 'production',
      prodComponentId: 'c-1',
      branchId: 'b-1',
      prodAccountId: 'acct',
      createNewPack: true,
      newPackName: 'Pack',
      newPackDescription: 'Desc',
      integrationPackId: 'ip-1',
      existingPackId: 'ip-1',
      env: ['e-1', 'e-2'],
      accountGroup: 'ag-1',
      hotfix: true,
      justification: 'Why',
      testPromotionId: 't-1',
      testIntegrationPackId: 'tip',
      testIntegrationPackName: 'Test Pack',
      notes: 'Notes',
    });
    expect(body).toEqual({
      promotionId: 'p-1',
      packageVersion: '1.2.0',
      deploymentTarget: 'PRODUCTION',
      prodComponentId: 'c-1',
      branchId: 'b-1',
      prodAccountId: 'acct',
      createNewPack: true,
      newPackName: 'Pack',
      newPackDescription: 'Desc',
      integrationPackId: 'ip-1',
      existingPackId: 'ip-1',
      targetEnvironments: [{ environmentId: 'e-1' }, { environmentId: 'e-2' }],
      targetAccountGroupId: 'ag-1',
      isHotfix: true,
      hotfixJustification: 'Why',
      testPromotionId: 't-1',
      testIntegrationPackId: 'tip',
      testIntegrationPackName: 'Test Pack',
      notes: 'Notes',
    });
  });

  it('sends only the fields that were given', async () => {
    expect(await deployRequestBody({ promotionId: 'p', packageVersion: '1', target: 'TEST' })).toEqual({
      promotionId: 'p',
      packageVersion: '1',
      deploymentTarget: 'TEST',
    });
  });

  it('reads --file as the body and lets flags override its fields', async () => {
    const file = path.join(dir, 'request.json');
    await writeFile(
      file,
      JSON.stringify({ promotionId: 'from-file', packageVersion: '1', isHotfix: 'true', unknownField: 1 }),
    );
    expect(await deployRequestBody({ file, packageVersion: '2', env: ['e'] })).toEqual({
      promotionId: 'from-file',
      packageVersion: '2',
      isHotfix: 'true',
      unknownField: 1, // the server, not the CLI, refuses unknown fields
      targetEnvironments: [{ environmentId: 'e' }],
    });
  });

  it('refuses a file that is missing, not JSON, or not an object', async () => {
    const notJson = path.join(dir, 'bad.json');
    const array = path.join(dir, 'array.json');
    await writeFile(notJson, '{"promotionId": ');
    await writeFile(array, '[]');
    for (const file of [path.join(dir, 'missing.json'), notJson, array]) {
      const error = await deployRequestBody({ file }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).errorCode).toBe('INVALID_REQUEST');
    }
  });
});
