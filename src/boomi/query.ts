/**
 * Boomi queries: `POST /{Object}/query` with a QueryFilter, then `POST /{Object}/queryMore` with
 * the bare token while the answer carries one (100 results per page). Callers get one array.
 */
import { normalise, type Shape } from './normalise.ts';
import { queryResultShape } from './shapes.ts';
import type { Transport } from './transport.ts';
import type { QueryExpression, QueryResult, SimpleExpression } from './types.ts';

export function equals(property: string, value: string): SimpleExpression {
  return { operator: 'EQUALS', property, argument: [value] };
}

export function and(...expressions: QueryExpression[]): QueryExpression {
  const [only] = expressions;
  return expressions.length === 1 && only ? only : { operator: 'and', nestedExpression: expressions };
}

/** Any of the expressions; a single one is sent bare. */
export function or(...expressions: QueryExpression[]): QueryExpression {
  const [only] = expressions;
  return expressions.length === 1 && only ? only : { operator: 'or', nestedExpression: expressions };
}

/** The "list everything" idiom real clients use. */
export function everything(property = 'id'): SimpleExpression {
  return { operator: 'IS_NOT_NULL', property, argument: [] };
}

export async function queryAll<T>(
  transport: Transport,
  object: string,
  expression: QueryExpression,
  itemShape: Shape,
): Promise<T[]> {
  const shape = queryResultShape(itemShape);
  const first = await transport.request({
    method: 'POST',
    path: `/${object}/query`,
    body: { QueryFilter: { expression } },
    idempotent: true,
  });
  let page = normalise<QueryResult<T>>(first.body ?? {}, shape);
  const results = [...page.result];
  const seenTokens = new Set<string>();
  while (page.queryToken && !seenTokens.has(page.queryToken)) {
    seenTokens.add(page.queryToken);
    const next = await transport.request({
      method: 'POST',
      path: `/${object}/queryMore`,
      text: page.queryToken,
      idempotent: true,
    });
    page = normalise<QueryResult<T>>(next.body ?? {}, shape);
    results.push(...page.result);
  }
  return results;
}
