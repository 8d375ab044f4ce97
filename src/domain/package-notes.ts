/**
 * Notes carried by the PackagedComponent (seed step 3: "notes = promotion metadata") and by
 * each DeployedPackage, so anyone looking at Boomi can trace an artifact back to its promotion.
 *
 * Boomi documents no length limit for `notes`; its UI fields are short, so the notes are kept
 * to one line of at most 1000 characters, each value at most 120. PackagedComponent notes are
 * fixed once created: a reused package keeps the notes of the run that created it.
 */
import { DEPLOY_MODE_NUMBER, type DeployMode } from './modes.ts';
import { singleLine, truncate } from './text.ts';

export const NOTES_MAX = 1000;
const VALUE_MAX = 120;

export interface PackageNotesInput {
  promotionId: string;
  mode: DeployMode;
  initiatedBy: string;
  approvedBy: string;
  devAccountId: string;
  devPackageId: string;
  runId?: string | null;
  /** The admin's deployment notes from the request. */
  notes?: string | null;
}

export function packageNotes(input: PackageNotesInput): string {
  const value = (text: string) => truncate(singleLine(text), VALUE_MAX);
  const parts = [
    `promotionId=${value(input.promotionId)}`,
    `mode=${DEPLOY_MODE_NUMBER[input.mode]} ${input.mode}`,
    `initiatedBy=${value(input.initiatedBy)}`,
    `approvedBy=${value(input.approvedBy)}`,
    `devAccountId=${value(input.devAccountId)}`,
    `devPackageId=${value(input.devPackageId)}`,
  ];
  if (input.runId) parts.push(`runId=${value(input.runId)}`);
  let text = `promo: ${parts.join('; ')}`;
  const notes = input.notes ? singleLine(input.notes) : '';
  if (notes !== '') text += ` — ${notes}`;
  return truncate(text, NOTES_MAX);
}
