// QueryFilter parsing and evaluation (reference §5.1): simple expressions with Boomi's operators,
// nested `and`/`or` groupings. Pure functions; the object modules supply each record's properties.
import { BoomiError, messages } from './errors.ts';

export const OPERATORS = [
  'EQUALS',
  'LIKE',
  'NOT_EQUALS',
  'IS_NULL',
  'IS_NOT_NULL',
  'BETWEEN',
  'GREATER_THAN',
  'GREATER_THAN_OR_EQUAL',
  'LESS_THAN',
  'LESS_THAN_OR_EQUAL',
  'CONTAINS',
  'NOT_CONTAINS',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface SimpleExpression {
  operator: Operator;
  property: string;
  argument: string[];
}
export interface GroupingExpression {
  operator: 'and' | 'or';
  nestedExpression: Expression[];
}
export type Expression = SimpleExpression | GroupingExpression;
export type PropertyValue = string | number | boolean | null | undefined;

export function isGrouping(e: Expression): e is GroupingExpression {
  return e.operator === 'and' || e.operator === 'or';
}

function arity(operator: Operator): number {
  if (operator === 'IS_NULL' || operator === 'IS_NOT_NULL') return 0;
  return operator === 'BETWEEN' ? 2 : 1;
}

const bad = (detail: string) => new BoomiError(400, messages.malformedBody(detail));

function parseExpression(raw: unknown, object: string, properties: readonly string[]): Expression {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw bad('an expression must be an object');
  const e = raw as Record<string, unknown>;
  const operator = e.operator;
  if (operator === 'and' || operator === 'or') {
    const nested = e.nestedExpression ?? [];
    // A single nested expression may arrive as an object (XML-to-JSON habit); accept it.
    const list = Array.isArray(nested) ? nested : [nested];
    return { operator, nestedExpression: list.map((n) => parseExpression(n, object, properties)) };
  }
  if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
    throw new BoomiError(400, messages.unknownOperator(String(operator)));
  }
  const property = e.property;
  if (typeof property !== 'string' || property === '') throw bad('a simple expression needs a property');
  if (!properties.includes(property)) {
    throw new BoomiError(400, messages.unknownQueryProperty(object, property, properties));
  }
  const rawArgs = e.argument ?? [];
  const args = (Array.isArray(rawArgs) ? rawArgs : [rawArgs]).map((a) => String(a));
  const op = operator as Operator;
  if (args.length !== arity(op))
    throw new BoomiError(400, messages.wrongArgumentCount(op, arity(op), args.length));
  return { operator: op, property, argument: args };
}

/**
 * Parses a query body `{"QueryFilter": {"expression": …}}`. An empty body or a filter without an
 * expression means "everything" (reference §5.1, checklist 13): returns undefined.
 */
export function parseQueryFilter(
  body: unknown,
  object: string,
  properties: readonly string[],
): Expression | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body !== 'object' || Array.isArray(body))
    throw bad('expected {"QueryFilter": {"expression": …}}');
  const filter = (body as Record<string, unknown>).QueryFilter;
  if (filter === undefined || filter === null) return undefined;
  if (typeof filter !== 'object') throw bad('QueryFilter must be an object');
  const expression = (filter as Record<string, unknown>).expression;
  if (expression === undefined || expression === null) return undefined;
  return parseExpression(expression, object, properties);
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;

/** Orders a record's value against an argument: numbers numerically, dates chronologically, else text. */
export function compareValue(value: PropertyValue, argument: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean')
    return String(value) === argument.toLowerCase() ? 0 : String(value) < argument ? -1 : 1;
  if (typeof value === 'number') {
    const n = Number(argument);
    if (argument.trim() !== '' && Number.isFinite(n)) return Math.sign(value - n);
  }
  const text = String(value);
  if (DATE_LIKE.test(text) && DATE_LIKE.test(argument)) {
    const a = Date.parse(text);
    const b = Date.parse(argument);
    if (Number.isFinite(a) && Number.isFinite(b)) return Math.sign(a - b);
  }
  return text === argument ? 0 : text < argument ? -1 : 1;
}

/** LIKE with Boomi's `%` wildcard (any run of characters); everything else matches literally. */
export function likeMatches(value: string, pattern: string): boolean {
  const source = pattern
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  return new RegExp(`^${source}$`).test(value);
}

function isNull(value: PropertyValue): boolean {
  return value === undefined || value === null || value === '';
}

function evaluateSimple(e: SimpleExpression, value: PropertyValue): boolean {
  const [a = '', b = ''] = e.argument;
  switch (e.operator) {
    case 'IS_NULL':
      return isNull(value);
    case 'IS_NOT_NULL':
      return !isNull(value);
    case 'NOT_EQUALS':
      return compareValue(value, a) !== 0;
    case 'NOT_CONTAINS':
      return isNull(value) || !String(value).includes(a);
    default:
      break;
  }
  if (isNull(value) && e.operator !== 'EQUALS') return false;
  const c = compareValue(value, a);
  switch (e.operator) {
    case 'EQUALS':
      return c === 0;
    case 'LIKE':
      return likeMatches(String(value), a);
    case 'CONTAINS':
      return String(value).includes(a);
    case 'GREATER_THAN':
      return c !== undefined && c > 0;
    case 'GREATER_THAN_OR_EQUAL':
      return c !== undefined && c >= 0;
    case 'LESS_THAN':
      return c !== undefined && c < 0;
    case 'LESS_THAN_OR_EQUAL':
      return c !== undefined && c <= 0;
    case 'BETWEEN': {
      const hi = compareValue(value, b);
      return c !== undefined && hi !== undefined && c >= 0 && hi <= 0;
    }
  }
}

/** True when the record (seen through `get`) satisfies the expression; no expression matches all. */
export function evaluate(
  expression: Expression | undefined,
  get: (property: string) => PropertyValue,
): boolean {
  if (!expression) return true;
  if (isGrouping(expression)) {
    const results = expression.nestedExpression.map((n) => evaluate(n, get));
    return expression.operator === 'and' ? results.every(Boolean) : results.some(Boolean);
  }
  return evaluateSimple(expression, get(expression.property));
}

/** Every simple expression in the tree (for per-object rules such as MergeRequest's). */
export function simpleExpressions(expression: Expression | undefined): SimpleExpression[] {
  if (!expression) return [];
  if (isGrouping(expression)) return expression.nestedExpression.flatMap(simpleExpressions);
  return [expression];
}
