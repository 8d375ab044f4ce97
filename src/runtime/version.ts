/**
 * The workflow engine (DBOS)'s application version. DBOS resumes a workflow only on the version that
 * started it, so this changes only when a released workflow's steps change (never with every
 * package release): bump it together with any rename, reorder or removal of a step.
 */
export const WORKFLOW_APPLICATION_VERSION = 'promo-workflows-1';

/** Shown in the OpenAPI document and the ready banner. */
export const SERVICE_VERSION = '0.1.0';
