// Realistic Boomi-looking ids (reference §2): GUIDs for most objects, base64url of `B:<n>` for
// branches and `MR:<n>` for merge requests, `release-<guid>` for release requests.
import { createHash, randomUUID } from 'node:crypto';

export function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function branchIdFor(n: number): string {
  return base64url(`B:${n}`);
}

export function mergeRequestIdFor(n: number): string {
  return base64url(`MR:${n}`);
}

/** A GUID derived from a name: the demo world keeps the same ids across restarts. */
export function stableGuid(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Id source: random in normal use, deterministic (name-derived) while the demo world is built. */
export interface IdSource {
  guid(hint: string): string;
}

export const randomIds: IdSource = { guid: () => randomUUID() };

export function stableIds(namespace: string): IdSource {
  return { guid: (hint) => stableGuid(`${namespace}/${hint}`) };
}
