import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityKey, sameIdentity } from '../../src/domain/identity.ts';

describe('identityKey / sameIdentity', () => {
  it('treats invisible characters, compatibility forms, case and whitespace as the same person', () => {
    const self = 'boss@example.com';
    for (const lookAlike of [
      'boss\u200b@example.com', // zero-width space
      'bo\u200dss@example.com', // zero-width joiner
      '\ufeffboss@example.com', // BOM
      'boss@exam\u00adple.com', // soft hyphen
      'boss\u2060@example.com', // word joiner
      'boss\u034f@example.com', // combining grapheme joiner (default-ignorable, not Cf)
      '\uff42\uff4f\uff53\uff53@example.com', // fullwidth letters
      'boss\uff20example.com', // fullwidth commercial at
      'BoSS@Example.COM',
      ' boss @ example.com\t',
      'boss@example.com\u00a0',
    ]) {
      expect(sameIdentity(lookAlike, self), JSON.stringify(lookAlike)).toBe(true);
    }
  });

  it('folds case beyond lower-casing (ß and ss, ligatures)', () => {
    expect(sameIdentity('strasse@example.com', 'STRAßE@example.com')).toBe(true);
    expect(sameIdentity('file@example.com', '\ufb01le@example.com')).toBe(true);
  });

  it('keeps different people apart, and never matches an absent or invisible identity', () => {
    expect(sameIdentity('boss@example.com', 'bose@example.com')).toBe(false);
    expect(sameIdentity('boss@example.com', 'boss@example.org')).toBe(false);
    expect(sameIdentity('', '')).toBe(false);
    expect(sameIdentity(null, 'boss@example.com')).toBe(false);
    expect(sameIdentity('\u200b', '\ufeff')).toBe(false);
  });

  it('is idempotent: the key of a key is the key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (value) => {
        const key = identityKey(value);
        expect(identityKey(key)).toBe(key);
      }),
    );
  });
});
