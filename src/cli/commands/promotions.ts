// `promo promotions list|show`: the PromotionLog.
import { Command, Option } from 'commander';
import type { PromotionLog } from '../../domain/promotion.ts';
import { PROMOTION_STATUSES } from '../../domain/promotion.ts';
import { QUEUES } from '../../domain/queues.ts';
import type { PromotionListItem } from '../../app/contract.ts';
import { connect, withServerOptions, type ServerOptions } from '../connection.ts';
import { printFields, printJson, printLine, printTable } from '../output.ts';

interface ListOptions extends ServerOptions {
  status?: string;
  initiatedBy?: string;
  reviewStage?: string;
  queue?: string;
  limit?: string;
  cursor?: string;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function listCommand(): Command {
  const command = new Command('list')
    .description('PromotionLog records, newest first')
    .addOption(new Option('--status <status>', 'only this status').choices([...PROMOTION_STATUSES]))
    .option('--initiated-by <email>', 'only promotions this person initiated')
    .addOption(
      new Option('--review-stage <stage>', 'review queue').choices([
        'PENDING_PEER_REVIEW',
        'PENDING_ADMIN_REVIEW',
      ]),
    )
    .addOption(
      new Option('--queue <queue>', 'what you can act on now (spec §10; no other filter)').choices([
        ...QUEUES,
      ]),
    )
    .option('--limit <n>', 'page size (1–200, default 50)')
    .option('--cursor <cursor>', 'the next page (printed under a full page)');
  return withServerOptions(command).action(async (options: ListOptions) => {
    const client = await connect(options);
    const page = await client.request<Page<PromotionListItem>>('GET', '/promotions', {
      query: {
        status: options.status,
        initiatedBy: options.initiatedBy,
        reviewStage: options.reviewStage,
        queue: options.queue,
        limit: options.limit,
        cursor: options.cursor,
      },
    });
    if (options.json) return printJson(page);
    if (page.items.length === 0) return printLine('No promotions.');
    const readiness = options.queue === 'production-readiness';
    printTable(
      [
        'PROMOTION',
        'STATUS',
        'PROCESS',
        'PEER REVIEW',
        'INITIATED BY',
        'BRANCH',
        ...(readiness ? ['TESTED', 'BRANCH AGE'] : []),
      ],
      page.items.map((p) => [
        p.promotionId,
        p.status,
        p.processName,
        p.peerReviewStatus,
        p.initiatedBy,
        p.branchId,
        ...(readiness
          ? [p.testDeployedAt, `${p.branchAgeDays ?? '?'} days ${p.branchAgeLevel ?? ''}`.trim()]
          : []),
      ]),
    );
    if (page.nextCursor) printLine(`\nMore: --cursor ${page.nextCursor}`);
  });
}

function showCommand(): Command {
  const command = new Command('show').description('one PromotionLog record').argument('<promotionId>');
  return withServerOptions(command).action(async (promotionId: string, options: ServerOptions) => {
    const client = await connect(options);
    const promotion = await client.request<PromotionLog>(
      'GET',
      `/promotions/${encodeURIComponent(promotionId)}`,
    );
    if (options.json) return printJson(promotion);
    printFields(promotion as unknown as Record<string, string | number | null>);
  });
}

export function promotionsCommand(): Command {
  return new Command('promotions')
    .description('read the PromotionLog')
    .addCommand(listCommand())
    .addCommand(showCommand());
}
