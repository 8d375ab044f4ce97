// The `promo` command. Each subcommand lives in its own file under commands/; errors from any of
// them end here and are printed as `errorCode: message` (or JSON with --json), never as a stack.
import { Command } from 'commander';
import { denyCommand } from './commands/deny.ts';
import { deployCommand } from './commands/deploy.ts';
import { environmentsCommand } from './commands/environments.ts';
import { migrateCommand } from './commands/migrate.ts';
import { notificationsCommand } from './commands/notifications.ts';
import { packsCommand } from './commands/packs.ts';
import { promotionsCommand } from './commands/promotions.ts';
import { reviewCommand } from './commands/review.ts';
import { rollbackCommand } from './commands/rollback.ts';
import { runsCommand } from './commands/runs.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { serveCommand } from './commands/serve.ts';
import { startCommand } from './commands/start.ts';
import { statusCommand } from './commands/status.ts';
import { targetsCommand } from './commands/targets.ts';
import { tokenCommand } from './commands/token.ts';
import { withdrawCommand } from './commands/withdraw.ts';
import { reportError } from './errors.ts';

const program = new Command('promo')
  .description('Package and Deploy for Boomi')
  .showHelpAfterError()
  .addCommand(startCommand())
  .addCommand(serveCommand())
  .addCommand(sandboxCommand())
  .addCommand(deployCommand())
  .addCommand(reviewCommand())
  .addCommand(denyCommand())
  .addCommand(withdrawCommand())
  .addCommand(rollbackCommand())
  .addCommand(promotionsCommand())
  .addCommand(runsCommand())
  .addCommand(notificationsCommand())
  .addCommand(targetsCommand())
  .addCommand(environmentsCommand())
  .addCommand(packsCommand())
  .addCommand(statusCommand())
  .addCommand(tokenCommand())
  .addCommand(migrateCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error, process.argv.includes('--json'));
}
