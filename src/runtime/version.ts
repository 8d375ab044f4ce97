/**
 * The workflow engine (DBOS)'s application version. DBOS resumes a workflow only on the version that
 * started it, so this changes only when a released workflow's steps change (never with every
 * package release): bump it together with any rename, reorder, removal or insertion of a step (2: step
 * 8-previous-deployments before the deploys; the rollback workflow).
 */
export const WORKFLOW_APPLICATION_VERSION = 'promo-workflows-2';

/** Shown in the OpenAPI document and the ready banner. */
export const SERVICE_VERSION = '0.1.0';
