// `promo deny <promotionId> --reason "…"`: an admin denies a promotion; its branch is deleted.
import { Command } from 'commander';
import type { ReviewOutcome } from '../../app/contract.ts';
import { connect, withServerOptions, type ServerOptions } from '../connection.ts';
import { printJson, printLine } from '../output.ts';

export function denyCommand(): Command {
  const command = new Command('deny')
    .description('deny a promotion (admin, not its initiator): status ADMIN_REJECTED, branch deleted')
    .argument('<promotionId>')
    .requiredOption('-r, --reason <text>', 'why (required, up to 500 characters)')
    .option('--idempotency-key <key>', 'a retry with the same key gets the first answer');
  return withServerOptions(command).action(
    async (promotionId: string, options: ServerOptions & { reason: string; idempotencyKey?: string }) => {
      const client = await connect(options);
      const outcome = await client.request<ReviewOutcome & { success: true }>(
        'POST',
        `/promotions/${encodeURIComponent(promotionId)}/deny`,
        {
          body: { reason: options.reason },
          ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
        },
      );
      if (options.json) return printJson(outcome);
      printLine(`Promotion ${promotionId} denied: status ${outcome.promotion.status}`);
      printLine(
        `  branch ${outcome.branchDeleted ? 'deleted' : 'not deleted (none, or the delete failed — see the server log)'}`,
      );
    },
  );
}
