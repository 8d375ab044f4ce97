/**
 * The webhook signature: `Promo-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` where the HMAC
 * key is PROMO_WEBHOOK_SECRET and the signed text is `<t>.<raw request body>` — so a receiver
 * checks both that the body is ours and that it is recent (a captured request cannot be replayed
 * later). The README shows how to verify it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'promo-signature';

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export function signatureHeader(secret: string, body: string, nowMs: number = Date.now()): string {
  const timestamp = Math.floor(nowMs / 1000);
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

/**
 * A receiver's check: the header parses, the HMAC matches (constant-time), and the timestamp is
 * within `toleranceSeconds` of now.
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  options: { nowMs?: number; toleranceSeconds?: number } = {},
): boolean {
  if (!header) return false;
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) return false;
  const age = Math.abs((options.nowMs ?? Date.now()) / 1000 - timestamp);
  if (age > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
