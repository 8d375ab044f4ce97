import { describe, expect, it } from 'vitest';
import { NOTES_MAX, packageNotes } from '../../src/domain/package-notes.ts';

const base = {
  promotionId: 'p-1',
  mode: 'PRODUCTION_HOTFIX' as const,
  initiatedBy: 'dev@example.com',
  approvedBy: 'admin@example.com',
  devAccountId: 'dev-a',
  devPackageId: 'devpkg-1',
};

describe('packageNotes', () => {
  it('carries the promotion metadata on one line', () => {
    expect(packageNotes({ ...base, runId: 'run-7' })).toBe(
      'promo: promotionId=p-1; mode=3 PRODUCTION_HOTFIX; initiatedBy=dev@example.com; approvedBy=admin@example.com; devAccountId=dev-a; devPackageId=devpkg-1; runId=run-7',
    );
  });

  it('appends the admin’s notes with line breaks flattened', () => {
    expect(packageNotes({ ...base, mode: 'TEST', notes: 'first line\nsecond\tline' })).toBe(
      'promo: promotionId=p-1; mode=1 TEST; initiatedBy=dev@example.com; approvedBy=admin@example.com; devAccountId=dev-a; devPackageId=devpkg-1 — first line second line',
    );
  });

  it('stays within the limit, keeping every metadata field even with huge values', () => {
    const notes = packageNotes({ ...base, initiatedBy: 'i'.repeat(5000), notes: 'n'.repeat(5000) });
    expect(Array.from(notes).length).toBeLessThanOrEqual(NOTES_MAX);
    for (const field of [
      'promotionId=',
      'mode=',
      'initiatedBy=',
      'approvedBy=',
      'devAccountId=',
      'devPackageId=',
    ]) {
      expect(notes).toContain(field);
    }
    expect(notes).toContain(`initiatedBy=${'i'.repeat(119)}…;`);
  });
});
