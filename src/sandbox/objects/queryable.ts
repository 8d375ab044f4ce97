// QUERY, queryMore and bulk GET, shared by every object (reference §5): each object module describes
// how to list, find, read a property of and render its records; this file does the rest.
import { BoomiError, messages } from '../errors.ts';
import { list } from '../fields.ts';
import { evaluate, parseQueryFilter, type Expression, type PropertyValue } from '../query-filter.ts';
import { pageOf, PAGE_SIZE } from '../query-paging.ts';
import { bodyObject, type BoomiRoute, type RequestContext } from '../routing.ts';

export type Json = Record<string, unknown>;

export interface Queryable<R> {
  /** Path segment and `@type`, e.g. `Branch`. */
  object: string;
  properties: readonly string[];
  list(ctx: RequestContext): R[];
  find(ctx: RequestContext, id: string): R | undefined;
  idOf(record: R): string;
  property(record: R, name: string, ctx: RequestContext): PropertyValue;
  render(record: R, ctx: RequestContext): Json;
  /** Some objects answer queries with less than GET (AccountGroup leaves out Resources). */
  renderInQuery?(record: R, ctx: RequestContext): Json;
  /** Object-specific query rules (MergeRequest needs a branch id with EQUALS). */
  checkQuery?(expression: Expression | undefined): void;
  /** Message for an unknown id in bulk GET (defaults to the generic "not found"). */
  notFoundMessage?(id: string): string;
}

function queryResult(items: Json[], token: string | undefined): Json {
  const result: Json = { '@type': 'QueryResult', numberOfResults: items.length };
  if (token) result.queryToken = token;
  // Boomi leaves out empty collections (reference §2).
  if (items.length > 0) result.result = items;
  return result;
}

function answerPage<R>(q: Queryable<R>, ctx: RequestContext, ids: string[], offset: number): Json {
  const page = pageOf(ids, offset, PAGE_SIZE);
  const records = page.items.map((id) => q.find(ctx, id)).filter((r): r is R => r !== undefined);
  const render = q.renderInQuery ?? q.render;
  const token =
    page.nextOffset === undefined
      ? undefined
      : ctx.account.queryTokens.issue(q.object, ids, page.nextOffset, ctx.nowMs);
  return queryResult(
    records.map((r) => render.call(q, r, ctx)),
    token,
  );
}

export function queryRoutes<R>(
  q: Queryable<R>,
  options: { bulk?: boolean; query?: boolean } = {},
): BoomiRoute[] {
  const routes: BoomiRoute[] =
    options.query === false
      ? []
      : [
          {
            method: 'POST',
            path: `/${q.object}/query`,
            read: true,
            handler: (ctx) => {
              const expression = parseQueryFilter(ctx.body, q.object, q.properties);
              q.checkQuery?.(expression);
              const ids = q
                .list(ctx)
                .filter((r) => evaluate(expression, (name) => q.property(r, name, ctx)))
                .map((r) => q.idOf(r));
              return { body: answerPage(q, ctx, ids, 0) };
            },
          },
          {
            method: 'POST',
            path: `/${q.object}/queryMore`,
            body: 'text',
            read: true,
            handler: (ctx) => {
              const token = typeof ctx.body === 'string' ? ctx.body : '';
              const stored = ctx.account.queryTokens.lookup(q.object, token, ctx.nowMs);
              if (!stored) throw new BoomiError(400, messages.invalidQueryToken());
              return { body: answerPage(q, ctx, stored.ids, stored.offset) };
            },
          },
        ];
  if (options.bulk !== false) routes.push(bulkRoute(q));
  return routes;
}

function bulkRoute<R>(q: Queryable<R>): BoomiRoute {
  return {
    method: 'POST',
    path: `/${q.object}/bulk`,
    read: true,
    handler: (ctx) => {
      const body = bodyObject(ctx);
      const type = typeof body.type === 'string' ? body.type : 'GET';
      if (type !== 'GET') throw new BoomiError(400, messages.bulkTypeUnsupported(type));
      const requests = list(body.request);
      if (requests.length > 100) throw new BoomiError(400, messages.bulkTooLarge(requests.length));
      const response = requests.map((item, index) => {
        const id = typeof item.id === 'string' ? item.id : '';
        const record = q.find(ctx, id);
        if (!record) {
          const errorMessage = q.notFoundMessage?.(id) ?? messages.notFound(q.object, id);
          return { '@type': 'BulkResponse', index, id, statusCode: 400, errorMessage };
        }
        return { '@type': 'BulkResponse', index, id, statusCode: 200, Result: q.render(record, ctx) };
      });
      return { body: { '@type': 'BulkResult', response } };
    },
  };
}

/** GET by id with the object's "not found" answer. */
export function findOr400<R>(q: Queryable<R>, ctx: RequestContext, id: string): R {
  const record = q.find(ctx, id);
  if (!record) throw new BoomiError(400, q.notFoundMessage?.(id) ?? messages.notFound(q.object, id));
  return record;
}
