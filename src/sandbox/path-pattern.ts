/**
 * Path patterns of the control API (fault rules, call-log filters): a pattern starting with `^` (or
 * written `re:…`) is a regular expression; anything else is a glob where `*` matches within one path
 * segment and `**` across segments. Matched against the path after `/api/rest/v1/{accountId}`.
 */
export function compilePathPattern(pattern: string): RegExp {
  if (pattern.startsWith('re:')) return new RegExp(pattern.slice(3));
  if (pattern.startsWith('^')) return new RegExp(pattern);
  const source = pattern
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${source}$`);
}

/** Splits `/api/rest/v1/{accountId}/Branch/x?y` into the account id and `/Branch/x`. */
export function splitBoomiUrl(
  url: string,
): { partner: boolean; accountId: string; objectPath: string } | undefined {
  const path = url.split('?')[0] ?? '';
  const match = /^(\/partner)?\/api\/rest\/v1\/([^/]+)(\/.*)?$/.exec(path);
  if (!match) return undefined;
  return {
    partner: match[1] !== undefined,
    accountId: decodeURIComponent(match[2] ?? ''),
    objectPath: match[3] ?? '/',
  };
}

/**
 * Boomi answers `/Object/` as `/Object` (its published CI scripts send the slash): the URL of a
 * Boomi path loses its trailing slashes before routing, so routes, fault rules and the call log
 * all see one form. Other URLs (the control API) are left as they are.
 */
export function withoutTrailingSlash(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  if (!path.endsWith('/') || !splitBoomiUrl(path)) return url;
  const trimmed = path.replace(/\/+$/, '');
  return `${trimmed}${queryAt === -1 ? '' : url.slice(queryAt)}`;
}
