/**
 * `promo deploy` flags → the Package and Deploy request body (spec §4). `--file request.json`
 * supplies a whole body; flags given on the command line override its fields. The server
 * validates everything: the CLI only reads the file and maps flag names to field names.
 */
import { readFile } from 'node:fs/promises';
import { CliError } from './errors.ts';

export interface DeployFlags {
  file?: string;
  promotionId?: string;
  packageVersion?: string;
  target?: string;
  prodComponentId?: string;
  branchId?: string;
  prodAccountId?: string;
  createNewPack?: boolean;
  integrationPackId?: string;
  existingPackId?: string;
  newPackName?: string;
  newPackDescription?: string;
  env?: string[];
  accountGroup?: string;
  hotfix?: boolean;
  justification?: string;
  testPromotionId?: string;
  testIntegrationPackId?: string;
  testIntegrationPackName?: string;
  notes?: string;
}

/** Flag → request field, for the flags that map one to one. */
const FIELD_OF_FLAG = {
  promotionId: 'promotionId',
  packageVersion: 'packageVersion',
  target: 'deploymentTarget',
  prodComponentId: 'prodComponentId',
  branchId: 'branchId',
  prodAccountId: 'prodAccountId',
  createNewPack: 'createNewPack',
  integrationPackId: 'integrationPackId',
  existingPackId: 'existingPackId',
  newPackName: 'newPackName',
  newPackDescription: 'newPackDescription',
  accountGroup: 'targetAccountGroupId',
  hotfix: 'isHotfix',
  justification: 'hotfixJustification',
  testPromotionId: 'testPromotionId',
  testIntegrationPackId: 'testIntegrationPackId',
  testIntegrationPackName: 'testIntegrationPackName',
  notes: 'notes',
} as const satisfies Partial<Record<keyof DeployFlags, string>>;

async function readBody(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError('INVALID_REQUEST', `Cannot read ${file}: ${(error as Error).message}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CliError('INVALID_REQUEST', `${file} is not JSON`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new CliError('INVALID_REQUEST', `${file} must hold a JSON object (the Package and Deploy request)`);
  }
  return body as Record<string, unknown>;
}

export async function deployRequestBody(flags: DeployFlags): Promise<Record<string, unknown>> {
  const body = flags.file ? await readBody(flags.file) : {};
  for (const [flag, field] of Object.entries(FIELD_OF_FLAG)) {
    const value = flags[flag as keyof typeof FIELD_OF_FLAG];
    if (value !== undefined) body[field] = field === 'deploymentTarget' ? String(value).toUpperCase() : value;
  }
  if (flags.env && flags.env.length > 0) {
    body.targetEnvironments = flags.env.map((environmentId) => ({ environmentId }));
  }
  return body;
}
