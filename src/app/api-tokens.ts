/**
 * Service API tokens (spec §8): random, shown once, stored only as a SHA-256 hash with an email,
 * roles, optional expiry and revocation. Used by the HTTP authenticator (verify) and the CLI's
 * `token create|revoke|list`.
 */
import { randomBytes } from 'node:crypto';
import { PromoError } from '../domain/errors.ts';
import type { ApiToken, ApiTokensRepository } from '../store/repositories/index.ts';
import { isRole, type Caller, type Role } from '../domain/caller.ts';

/** What verifying a presented token needs of the token store. */
export type ApiTokenLookup = Pick<ApiTokensRepository, 'findByToken' | 'touch'>;

/** Tokens look like `promo_<43 base64url characters>` (256 random bits). */
export const API_TOKEN_PREFIX = 'promo_';
const TOKEN_PATTERN = /^promo_[A-Za-z0-9_-]{43}$/;
/** `last_used_at` is written at most this often per token: one cheap UPDATE, not one per request. */
const TOUCH_INTERVAL_MS = 60_000;

export function generateApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function looksLikeApiToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

export interface CreateApiTokenInput {
  email: string;
  roles: readonly Role[];
  /** What the token is for, e.g. `ci-pipeline`. */
  name: string;
  expiresAt?: Date | string | null;
}

export interface CreatedApiToken {
  /** The secret: shown to its owner once, never stored or logged. */
  token: string;
  id: string;
  record: ApiToken;
}

export async function createApiToken(
  repo: ApiTokensRepository,
  input: CreateApiTokenInput,
): Promise<CreatedApiToken> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new PromoError('INVALID_REQUEST', `'${input.email}' is not an email address`);
  }
  const roles = [...new Set(input.roles)];
  if (roles.length === 0 || !roles.every(isRole)) {
    throw new PromoError(
      'INVALID_REQUEST',
      'roles must name at least one of admin, reviewer, promoter, viewer',
    );
  }
  const name = input.name.trim();
  if (name === '' || name.length > 100) {
    throw new PromoError('INVALID_REQUEST', 'name must be 1 to 100 characters');
  }
  const expiresAt = input.expiresAt == null ? null : new Date(input.expiresAt);
  if (expiresAt !== null && (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())) {
    throw new PromoError('INVALID_REQUEST', 'expiresAt must be a date in the future');
  }
  const token = generateApiToken();
  const record = await repo.create({
    token,
    email,
    roles,
    name,
    expiresAt: expiresAt?.toISOString() ?? null,
  });
  return { token, id: record.id, record };
}

/** Revokes the token with this id (idempotent); null when there is no such token. */
export function revokeApiToken(repo: ApiTokensRepository, id: string): Promise<ApiToken | null> {
  return repo.revoke(id);
}

/** Every token's metadata (never a secret or a hash), newest first; optionally one owner's. */
export function listApiTokens(
  repo: ApiTokensRepository,
  options: { email?: string } = {},
): Promise<ApiToken[]> {
  return repo.list(options);
}

/** The caller behind a presented token, or UNAUTHENTICATED (unknown, revoked or expired). */
export async function verifyApiToken(repo: ApiTokenLookup, token: string, now = new Date()): Promise<Caller> {
  const record = looksLikeApiToken(token) ? await repo.findByToken(token) : null;
  if (!record) throw new PromoError('UNAUTHENTICATED', 'The API token is not valid');
  if (record.revokedAt !== null) throw new PromoError('UNAUTHENTICATED', 'The API token has been revoked');
  if (record.expiresAt !== null && Date.parse(record.expiresAt) <= now.getTime()) {
    throw new PromoError('UNAUTHENTICATED', 'The API token has expired');
  }
  if (record.lastUsedAt === null || now.getTime() - Date.parse(record.lastUsedAt) >= TOUCH_INTERVAL_MS) {
    await repo.touch(record.id);
  }
  return { email: record.email.toLowerCase(), roles: record.roles.filter(isRole), tokenId: record.id };
}

/** Token management for an operator (the CLI's `token create|revoke|list`). */
export function createApiTokenAdmin(repo: ApiTokensRepository) {
  return {
    create: (input: CreateApiTokenInput) => createApiToken(repo, input),
    revoke: (id: string) => revokeApiToken(repo, id),
    list: (options: { email?: string } = {}) => listApiTokens(repo, options),
  };
}

export type ApiTokenAdmin = ReturnType<typeof createApiTokenAdmin>;
