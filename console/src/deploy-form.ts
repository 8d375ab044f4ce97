/**
 * The deploy form's model: which modes a record allows (spec §4's three), and the request the
 * form's values make. Kept apart from the page so the rules read in one place.
 */
import type { AccountGroup, DeployRequest, Environment, Promotion } from './api/types';

export type Mode = 'TEST' | 'PRODUCTION_FROM_TEST' | 'HOTFIX';

export const MODE_LABELS: Record<Mode, string> = {
  TEST: 'Mode 1 — TEST: merge, package, release, deploy to test; the branch is kept',
  PRODUCTION_FROM_TEST: 'Mode 2 — PRODUCTION from test: the tested package, no merge; the branch is deleted',
  HOTFIX: 'Mode 3 — PRODUCTION hotfix: merge and deploy straight to production; the branch is deleted',
};

/** The modes the record's status allows: a test-deployed record can go on to production. */
export function modesFor(promotion: Promotion): Mode[] {
  return promotion.status === 'TEST_DEPLOYED'
    ? ['PRODUCTION_FROM_TEST', 'TEST', 'HOTFIX']
    : ['TEST', 'HOTFIX'];
}

export const targetOf = (mode: Mode) => (mode === 'TEST' ? 'TEST' : 'PRODUCTION');
/** Spec §4: a TEST run reaches TEST environments only, a PRODUCTION run PROD ones only. */
export const classificationOf = (mode: Mode) => (mode === 'TEST' ? 'TEST' : 'PROD');

export interface DeployFormValues {
  mode: Mode;
  packageVersion: string;
  newPack: boolean;
  integrationPackId: string;
  newPackName: string;
  newPackDescription: string;
  accountGroupId: string;
  environmentIds: string[];
  hotfixAcknowledged: boolean;
  hotfixJustification: string;
  notes: string;
}

export function initialValues(promotion: Promotion): DeployFormValues {
  const mode = modesFor(promotion)[0]!;
  return {
    mode,
    packageVersion: promotion.packageVersion ?? '',
    newPack: false,
    // The pack picker preselects the suggested pack once the packs are read.
    integrationPackId: '',
    newPackName: promotion.processName ?? '',
    newPackDescription: '',
    accountGroupId: '',
    environmentIds: [],
    hotfixAcknowledged: false,
    hotfixJustification: '',
    notes: '',
  };
}

/** Account groups with at least one registered environment among `environments` (the mode's classification). */
export function groupsFor(groups: AccountGroup[], environments: Environment[]): AccountGroup[] {
  const wanted = new Set(environments.map((e) => e.id));
  return groups.filter((group) => group.registeredEnvironmentIds.some((id) => wanted.has(id)));
}

export function requestOf(promotion: Promotion, values: DeployFormValues): DeployRequest {
  const body: DeployRequest = {
    promotionId: promotion.promotionId,
    packageVersion: values.packageVersion.trim(),
    deploymentTarget: targetOf(values.mode),
    ...(values.newPack
      ? {
          createNewPack: true,
          newPackName: values.newPackName.trim(),
          newPackDescription: values.newPackDescription.trim() || null,
        }
      : { createNewPack: false, integrationPackId: values.integrationPackId.trim() }),
  };
  if (values.accountGroupId) body.targetAccountGroupId = values.accountGroupId;
  if (values.environmentIds.length)
    body.targetEnvironments = values.environmentIds.map((environmentId) => ({ environmentId }));
  if (values.mode === 'PRODUCTION_FROM_TEST') body.testPromotionId = promotion.promotionId;
  if (values.mode === 'HOTFIX') {
    body.isHotfix = true;
    body.hotfixJustification = values.hotfixJustification.trim();
  }
  if (values.notes.trim()) body.notes = values.notes.trim();
  return body;
}

/** What still keeps the form from being sent, or null. */
export function missing(values: DeployFormValues): string | null {
  if (!values.packageVersion.trim()) return 'Enter a package version';
  if (values.newPack && !values.newPackName.trim()) return 'Name the new integration pack';
  if (!values.newPack && !values.integrationPackId.trim())
    return 'Choose an integration pack, or create a new pack';
  if (values.mode === 'HOTFIX' && !values.hotfixAcknowledged)
    return 'Acknowledge that this hotfix skips testing';
  if (values.mode === 'HOTFIX' && !values.hotfixJustification.trim()) return 'Give the hotfix justification';
  return null;
}
