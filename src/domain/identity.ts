/**
 * Identity comparison. Two emails name the same person when their keys are equal: Unicode NFKC
 * (fullwidth and other compatibility forms become their plain letters), case-folded, with format
 * characters (zero-width space and joiner, BOM, soft hyphen …), other default-ignorable code
 * points and whitespace removed. A token whose email is one's own plus an invisible character is
 * still oneself: every identity comparison (self-approval, self-review, four eyes, the
 * `initiatedBy` filter, idempotency scopes) goes through `identityKey`. Pure.
 */

const INVISIBLE_OR_SPACE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{White_Space}]/gu;

function stripped(value: string): string {
  return value.replace(INVISIBLE_OR_SPACE, '');
}

/** The comparable form of an identity; '' when nothing visible is left. */
export function identityKey(value: string): string {
  // Upper then lower folds what lower-casing alone keeps apart (ß → ss, ﬁ → fi after NFKC).
  const folded = stripped(value).normalize('NFKC').toUpperCase().toLowerCase();
  return stripped(folded.normalize('NFKC'));
}

/** True when both identities are present and name the same person. */
export function sameIdentity(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const key = identityKey(a);
  return key !== '' && key === identityKey(b);
}
