// `promo migrate`: applies pending schema migrations directly on the database and creates or
// migrates DBOS's system database — everything the service needs (it also does this at start;
// run it on its own before rolling out several instances).
import { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openAdminDatabase } from '../../runtime/admin-database.ts';
import { printJson, printLine } from '../output.ts';

export function migrateCommand(): Command {
  return new Command('migrate')
    .description(
      'apply pending database migrations and prepare the workflow engine’s system database (DATABASE_URL, or the embedded database in PROMO_DATA_DIR)',
    )
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { json?: boolean }) => {
      const database = await openAdminDatabase(loadConfig());
      try {
        await database.prepareSystemDatabase();
      } finally {
        await database.close();
      }
      if (options.json) return printJson({ applied: database.applied });
      printLine(
        database.applied.length === 0
          ? 'Database schema is up to date.'
          : `Applied: ${database.applied.join(', ')}`,
      );
    });
}
