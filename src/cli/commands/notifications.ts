// `promo notifications list|retry`: notifications and their delivery state (admin).
import { Command, Option } from 'commander';
import type { NotificationView } from '../../app/notifications.ts';
import { NOTIFICATION_STATES } from '../../domain/notifications/index.ts';
import { connect, withServerOptions, type ServerOptions } from '../connection.ts';
import { printJson, printLine, printTable } from '../output.ts';

interface ListOptions extends ServerOptions {
  state?: string;
  promotion?: string;
  limit?: string;
  cursor?: string;
}

/** `email a@x delivered (1)`, one per delivery, with the last error of one that is not delivered. */
function deliveriesOf(notification: NotificationView): string {
  return notification.deliveries
    .map((d) => {
      const error = d.lastError && d.state !== 'delivered' ? ` — ${d.lastError}` : '';
      return `${d.channel} ${d.recipient} ${d.state} (${d.attempts})${error}`;
    })
    .join('; ');
}

function listCommand(): Command {
  const command = new Command('list')
    .description('recent notifications, newest first, with each delivery’s state and attempts')
    .addOption(new Option('--state <state>', 'only this state').choices([...NOTIFICATION_STATES]))
    .option('--promotion <promotionId>', 'only this promotion’s')
    .option('--limit <n>', 'page size (1–200, default 50)')
    .option('--cursor <cursor>', 'the next page (printed under a full page)');
  return withServerOptions(command).action(async (options: ListOptions) => {
    const client = await connect(options);
    const page = await client.request<{ items: NotificationView[]; nextCursor: string | null }>(
      'GET',
      '/notifications',
      {
        query: {
          state: options.state,
          promotionId: options.promotion,
          limit: options.limit,
          cursor: options.cursor,
        },
      },
    );
    if (options.json) return printJson(page);
    if (page.items.length === 0) return printLine('No notifications.');
    printTable(
      ['ID', 'CREATED', 'STATE', 'EVENT', 'PROMOTION', 'DELIVERIES'],
      page.items.map((n) => [n.id, n.createdAt, n.state, n.eventType, n.promotionId, deliveriesOf(n)]),
    );
    if (page.nextCursor) printLine(`\nMore: --cursor ${page.nextCursor}`);
  });
}

function retryCommand(): Command {
  const command = new Command('retry')
    .description('send a failed notification again (its failed deliveries go back to pending)')
    .argument('<id>');
  return withServerOptions(command).action(async (id: string, options: ServerOptions) => {
    const client = await connect(options);
    const notification = await client.request<NotificationView>(
      'POST',
      `/notifications/${encodeURIComponent(id)}/retry`,
    );
    if (options.json) return printJson(notification);
    printLine(`Notification ${notification.id} (${notification.eventType}): ${notification.state}`);
    printLine(`  ${deliveriesOf(notification)}`);
  });
}

export function notificationsCommand(): Command {
  return new Command('notifications')
    .description('email and webhook notifications (admin)')
    .addCommand(listCommand())
    .addCommand(retryCommand());
}
