// Contract checks against the official Boomi Platform OpenAPI subset (shared/reference).
// Used by the sandbox tests (every response must validate) and by the Boomi client tests
// (every request we send must validate).
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;

interface MediaType {
  schema?: Json;
}
interface OperationObject {
  operationId?: string;
  requestBody?: { content?: Record<string, MediaType>; required?: boolean };
  responses?: Record<string, { $ref?: string; content?: Record<string, MediaType> }>;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, OperationObject>>;
  components: { responses?: Record<string, { content?: Record<string, MediaType> }> };
}

const SCHEMA_ID = 'boomi';
const docUrl = new URL('../../../shared/reference/boomi-platform-openapi.subset.json', import.meta.url);
// Two query schemas of the subset (PublisherIntegrationPackExpression, AccountGroupIntegrationPackExpression)
// carry a stray `status: {enum: []}` that ajv cannot compile; an empty enum constrains nothing useful, so drop it.
const doc = JSON.parse(readFileSync(docUrl, 'utf8'), (_key, value: unknown) =>
  value &&
  typeof value === 'object' &&
  Array.isArray((value as { enum?: unknown }).enum) &&
  (value as { enum: unknown[] }).enum.length === 0
    ? { ...value, enum: undefined }
    : value,
) as OpenApiDoc;

// ajv-formats ships as CJS; under ESM its default export may be wrapped once more.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;
// strict:false because OpenAPI 3.0 schemas carry `xml`, `example` and friends.
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
addFormats(ajv);
ajv.addSchema(doc as unknown as Json, SCHEMA_ID);

const templates = Object.keys(doc.paths).map((template) => ({
  template,
  segments: template.split('/').filter(Boolean),
}));

/** Strips scheme and host, the query string and the `/api/rest/v1/{accountId}` (or partner) prefix. */
function objectPath(path: string): string {
  const noQuery = (path.split('?')[0] ?? '').replace(/^https?:\/\/[^/]+/, '');
  const prefixed = /^(?:\/partner)?\/api\/rest\/v1\/[^/]+(\/.*)?$/.exec(noQuery);
  if (prefixed) return prefixed[1] ?? '/';
  return noQuery;
}

export function findOperation(
  method: string,
  path: string,
): { pathTemplate: string; operationId?: string } | undefined {
  const segments = objectPath(path).split('/').filter(Boolean);
  const verb = method.toLowerCase();
  let best: { template: string; literalCount: number } | undefined;
  for (const candidate of templates) {
    if (candidate.segments.length !== segments.length) continue;
    let literalCount = 0;
    const matches = candidate.segments.every((part, i) => {
      if (part.startsWith('{') && part.endsWith('}')) return (segments[i] ?? '') !== '';
      literalCount++;
      return part === segments[i];
    });
    if (!matches || !doc.paths[candidate.template]?.[verb]) continue;
    // `/Branch/query` must win over `/Branch/{id}`: prefer the most literal template.
    if (!best || literalCount > best.literalCount) best = { template: candidate.template, literalCount };
  }
  if (!best) return undefined;
  const operationId = doc.paths[best.template]?.[verb]?.operationId;
  return operationId === undefined
    ? { pathTemplate: best.template }
    : { pathTemplate: best.template, operationId };
}

const validators = new Map<string, ValidateFunction>();

/** Compiles (once) the schema at a JSON pointer of the document; `$ref`s resolve inside `boomi`. */
function validatorAt(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${SCHEMA_ID}#${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

function escapePointer(part: string): string {
  return part.replace(/~/g, '~0').replace(/\//g, '~1');
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
}

/**
 * Holds `value` to the JSON schema of an operation's request body or response: the one at
 * paths → template → verb → `within` → content → application/json → schema. Problems start with `label`.
 */
function schemaProblems(
  label: string,
  value: unknown,
  pathTemplate: string,
  verb: string,
  within: string[],
): string[] {
  const pointer = ['', 'paths', pathTemplate, verb, ...within, 'content', 'application/json', 'schema']
    .map(escapePointer)
    .join('/');
  const validate = validatorAt(pointer);
  if (validate(value)) return [];
  return describe(validate.errors).map((e) => `${label}: ${e}`);
}

function notInSubset(method: string, path: string): string[] {
  return [`${method.toUpperCase()} ${path}: no such operation in the Boomi OpenAPI subset`];
}

export function validateBoomiRequest(method: string, path: string, body: unknown): string[] {
  const op = findOperation(method, path);
  if (!op) return notInSubset(method, path);
  const verb = method.toLowerCase();
  const operation = doc.paths[op.pathTemplate]?.[verb];
  const label = `${method.toUpperCase()} ${path} (${op.pathTemplate})`;
  const content = operation?.requestBody?.content;
  const absent = body === undefined || body === null || body === '';
  if (!content) return absent ? [] : [`${label}: this operation takes no request body`];
  if (absent) return operation?.requestBody?.required ? [`${label}: request body is required`] : [];
  if (content['application/json']?.schema) {
    return schemaProblems(`${label} request`, body, op.pathTemplate, verb, ['requestBody']);
  }
  // queryMore takes the bare token as text/plain.
  if (content['text/plain']) {
    return typeof body === 'string' ? [] : [`${label} request: body must be a plain-text string`];
  }
  return [];
}

/** Boomi error statuses carry no schema in the OAS; we hold them to the documented error body. */
function validateErrorBody(label: string, body: unknown): string[] {
  if (typeof body === 'object' && body !== null && typeof (body as Json).message === 'string') return [];
  return [`${label}: error body must be an object with a string "message"`];
}

export function validateBoomiResponse(method: string, path: string, status: number, body: unknown): string[] {
  const op = findOperation(method, path);
  if (!op) return notInSubset(method, path);
  const verb = method.toLowerCase();
  const responses = doc.paths[op.pathTemplate]?.[verb]?.responses ?? {};
  const label = `${method.toUpperCase()} ${path} (${op.pathTemplate}) ${status}`;
  let key: string | undefined = String(status);
  if (!responses[key]) {
    if (status >= 400) return validateErrorBody(label, body);
    key = responses['200'] ? '200' : responses['default'] ? 'default' : undefined;
  }
  const response = key ? responses[key] : undefined;
  if (!key || !response) return [`${label}: no response defined for this status`];
  if (response.$ref) return status >= 400 ? validateErrorBody(label, body) : [];
  if (!response.content?.['application/json']?.schema) {
    // e.g. DELETE 200 with no content: only an empty body (or a bare true/false) fits.
    return body === undefined || body === null || body === '' || typeof body === 'boolean'
      ? []
      : [`${label}: expected no body`];
  }
  return schemaProblems(`${label} response`, body, op.pathTemplate, verb, ['responses', key]);
}
