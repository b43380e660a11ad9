import { Command, CommanderError } from 'commander';
import { registerAgreement } from './commands/agreement';
import { registerAssociate } from './commands/associate';
import { registerBackup } from './commands/backup';
import { registerDb } from './commands/db';
import { registerDemo } from './commands/demo';
import { registerDicomweb } from './commands/dicomweb';
import { registerExport } from './commands/export';
import { registerImport } from './commands/import';
import { registerLexicon } from './commands/lexicon';
import { registerStart } from './commands/start';
import { registerUser } from './commands/user';
import { CliError, info } from './output';

const program = new Command('annolex')
  .description('Annolex: structured reader studies for radiology lexicons')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

registerStart(program);
registerDb(program);
registerUser(program);
registerDemo(program);
registerImport(program);
registerDicomweb(program);
registerLexicon(program);
registerBackup(program);
registerAgreement(program);
registerExport(program);
registerAssociate(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof CliError) {
    info(`annolex: ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    info(`annolex: unexpected error: ${(error as Error)?.message ?? String(error)}`);
    process.exitCode = 1;
  }
}
