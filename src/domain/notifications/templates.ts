/**
 * What each event says: a subject, a headline, the facts, and for a hotfix the EMERGENCY HOTFIX
 * banner with its justification. Channel-neutral; render.ts turns a message into plain text, HTML
 * and the webhook body. Values are interpolated raw here and escaped by each renderer.
 */
import type { EnvironmentOutcome, NotificationEvent } from './events.ts';

export interface NotificationMessage {
  subject: string;
  headline: string;
  /** Shown above everything else, e.g. `EMERGENCY HOTFIX`. */
  banner: string | null;
  /** Label → value lines; empty values are left out. */
  facts: [string, string][];
}

function what(event: NotificationEvent): string {
  const { promotionId, processName, packageVersion } = event.promotion;
  const process = processName ? ` (${processName}${packageVersion ? ` ${packageVersion}` : ''})` : '';
  return `promotion ${promotionId}${process}`;
}

function environmentsLine(environments: EnvironmentOutcome[] | undefined): string {
  return (environments ?? [])
    .map((e) => `${e.environmentName}: ${e.status}${e.errorMessage ? ` (${e.errorMessage})` : ''}`)
    .join('; ');
}

function facts(event: NotificationEvent, extra: [string, string | null | undefined][]): [string, string][] {
  const p = event.promotion;
  const all: [string, string | null | undefined][] = [
    ['Promotion', p.promotionId],
    ['Process', p.processName],
    ['Package version', p.packageVersion],
    ['Status', p.status],
    ['Initiated by', p.initiatedBy],
    ['Peer reviewer', p.peerReviewedBy],
    ...extra,
    ['By', event.actor],
    ['At', event.occurredAt],
  ];
  return all.filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '');
}

export type Template = (event: NotificationEvent) => NotificationMessage;

const runFacts = (event: NotificationEvent): [string, string | null | undefined][] => [
  ['Run', event.detail.runId],
  ['Environments', environmentsLine(event.detail.environments)],
];

export const reviewNeeded: Template = (e) => ({
  subject: `Review needed: ${what(e)}`,
  headline: `${e.promotion.initiatedBy} promoted ${what(e)}; it waits for a peer review.`,
  banner: null,
  facts: facts(e, [['Components', String(e.promotion.componentsTotal)]]),
});
export const peerApproved: Template = (e) => ({
  subject: `Peer approved: ${what(e)}`,
  headline: `${e.actor} approved ${what(e)}; it waits for an admin to deploy it to production.`,
  banner: null,
  facts: facts(e, [['Comments', e.detail.comments]]),
});
export const peerRejected: Template = (e) => ({
  subject: `Peer rejected: ${what(e)}`,
  headline: `${e.actor} rejected ${what(e)}; its branch is deleted.`,
  banner: null,
  facts: facts(e, [['Comments', e.detail.comments]]),
});
export const denied: Template = (e) => ({
  subject: `Denied: ${what(e)}`,
  headline: `${e.actor} denied ${what(e)}; its branch is deleted.`,
  banner: null,
  facts: facts(e, [['Reason', e.detail.reason]]),
});
export const testDeployed: Template = (e) => ({
  subject: `Deployed to test: ${what(e)}`,
  headline: `${what(e)} is deployed to test and can be promoted to production after peer review.`,
  banner: null,
  facts: facts(e, runFacts(e)),
});
export const productionDeployed: Template = (e) => ({
  subject: `Deployed to production: ${what(e)}`,
  headline: `${e.actor} deployed ${what(e)} to production.`,
  banner: null,
  facts: facts(e, runFacts(e)),
});
export const hotfixDeployed: Template = (e) => ({
  subject: `EMERGENCY HOTFIX deployed to production: ${what(e)}`,
  headline: `${e.actor} deployed ${what(e)} to production as an emergency hotfix, without a test deployment.`,
  banner: 'EMERGENCY HOTFIX',
  facts: facts(e, [['Justification', e.detail.hotfixJustification], ...runFacts(e)]),
});
export const runFailed: Template = (e) => ({
  subject: `Run failed: ${what(e)}${e.detail.errorCode ? ` (${e.detail.errorCode})` : ''}`,
  headline: `The Package and Deploy run of ${what(e)} failed.`,
  banner: null,
  facts: facts(e, [['Error', e.detail.errorCode], ['Message', e.detail.errorMessage], ...runFacts(e)]),
});
export const withdrawn: Template = (e) => ({
  subject: `Withdrawn: ${what(e)}`,
  headline: `${e.actor} withdrew ${what(e)}; it no longer needs a review.`,
  banner: null,
  facts: facts(e, [['Reason', e.detail.reason]]),
});
export const rolledBack: Template = (e) => ({
  subject: `Rolled back: ${what(e)}`,
  headline: `${e.actor} rolled back ${what(e)}.`,
  banner: null,
  facts: facts(e, [['Reason', e.detail.reason], ...runFacts(e)]),
});
