// `promo review <promotionId> --approve | --reject --comments "…"`: the peer review (reviewer or
// admin, not the initiator, once). Rejecting deletes the promotion's branch.
import { Command, Option } from 'commander';
import type { ReviewOutcome } from '../../app/contract.ts';
import { connect, withServerOptions, type ServerOptions } from '../connection.ts';
import { CliError } from '../errors.ts';
import { printJson, printLine } from '../output.ts';

interface ReviewOptions extends ServerOptions {
  approve?: boolean;
  reject?: boolean;
  comments?: string;
  idempotencyKey?: string;
}

export function reviewCommand(): Command {
  const command = new Command('review')
    .description('record the peer review of a promotion (reviewer or admin, not the initiator)')
    .argument('<promotionId>')
    .addOption(new Option('--approve', 'decision APPROVED').conflicts('reject'))
    .addOption(
      new Option('--reject', 'decision REJECTED (needs --comments; deletes the branch)').conflicts('approve'),
    )
    .option('-c, --comments <text>', 'comments (up to 500 characters; required to reject)')
    .option('--idempotency-key <key>', 'a retry with the same key gets the first answer');
  return withServerOptions(command).action(async (promotionId: string, options: ReviewOptions) => {
    if (!options.approve && !options.reject) {
      throw new CliError('INVALID_REQUEST', 'Say --approve or --reject');
    }
    const client = await connect(options);
    const body = {
      decision: options.approve ? 'APPROVED' : 'REJECTED',
      ...(options.comments !== undefined ? { comments: options.comments } : {}),
    };
    const outcome = await client.request<ReviewOutcome & { success: true }>(
      'POST',
      `/promotions/${encodeURIComponent(promotionId)}/peer-review`,
      { body, ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}) },
    );
    if (options.json) return printJson(outcome);
    const p = outcome.promotion;
    printLine(`Promotion ${promotionId}: peer review ${p.peerReviewStatus}, status ${p.status}`);
    if (body.decision === 'REJECTED')
      printLine(`  branch ${outcome.branchDeleted ? 'deleted' : 'not deleted'}`);
  });
}
