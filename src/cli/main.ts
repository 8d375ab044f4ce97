// The `promo` command. Each subcommand lives in its own file under commands/ and exports a factory
// returning a commander Command; add new ones to the list below.
import { Command } from 'commander';
import { sandboxCommand } from './commands/sandbox.ts';

const program = new Command('promo')
  .description('Package and Deploy for Boomi')
  .showHelpAfterError()
  .addCommand(sandboxCommand());

await program.parseAsync(process.argv);
