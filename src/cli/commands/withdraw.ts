// `promo withdraw <promotionId> [--reason "…"]`: the initiator or an admin withdraws a promotion.
import { Command } from 'commander';
import type { ReviewOutcome } from '../../app/contract.ts';
import { connect, withServerOptions, type ServerOptions } from '../connection.ts';
import { printJson, printLine } from '../output.ts';

export function withdrawCommand(): Command {
  const command = new Command('withdraw')
    .description('withdraw a promotion (its initiator or an admin): status WITHDRAWN, branch deleted')
    .argument('<promotionId>')
    .option('-r, --reason <text>', 'why (optional, up to 500 characters)')
    .option('--idempotency-key <key>', 'a retry with the same key gets the first answer');
  return withServerOptions(command).action(
    async (promotionId: string, options: ServerOptions & { reason?: string; idempotencyKey?: string }) => {
      const client = await connect(options);
      const outcome = await client.request<ReviewOutcome & { success: true }>(
        'POST',
        `/promotions/${encodeURIComponent(promotionId)}/withdraw`,
        {
          body: options.reason !== undefined ? { reason: options.reason } : {},
          ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
        },
      );
      if (options.json) return printJson(outcome);
      printLine(`Promotion ${promotionId} withdrawn: status ${outcome.promotion.status}`);
      const pending = outcome.promotion.branchCleanupPending;
      printLine(
        `  branch ${outcome.branchDeleted ? 'deleted' : pending ? 'delete failed — left to the branch janitor' : 'none'}`,
      );
    },
  );
}
