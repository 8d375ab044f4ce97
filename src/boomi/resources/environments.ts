/** Environment: the deployment targets, checked for existence and classification up front. */
import { and, equals, everything, queryAll } from '../query.ts';
import { SHAPES } from '../shapes.ts';
import type { Transport } from '../transport.ts';
import type { Environment, SimpleExpression } from '../types.ts';
import { getById } from './common.ts';

export interface EnvironmentFilter {
  id?: string;
  classification?: 'PROD' | 'TEST';
  name?: string;
}

export function environmentsApi(transport: Transport) {
  /** All environments, or those matching every given filter field. */
  function list(filter: EnvironmentFilter = {}): Promise<Environment[]> {
    const expressions: SimpleExpression[] = [];
    if (filter.id !== undefined) expressions.push(equals('id', filter.id));
    if (filter.classification) expressions.push(equals('classification', filter.classification));
    if (filter.name !== undefined) expressions.push(equals('name', filter.name));
    const expression = expressions.length > 0 ? and(...expressions) : everything();
    return queryAll<Environment>(transport, 'Environment', expression, SHAPES.Environment);
  }
  return {
    get: (id: string) => getById<Environment>(transport, 'Environment', id, SHAPES.Environment),
    list,
    /** The environment of the account with this id, or null: a query, so "unknown" is unambiguous. */
    find: async (id: string): Promise<Environment | null> => (await list({ id }))[0] ?? null,
  };
}
