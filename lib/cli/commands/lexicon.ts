import type { Command } from 'commander';
import { listLexiconFiles, loadLexiconFile } from '@/lib/lexicon/files.server';
import { formatIssue } from '@/lib/lexicon/parse';
import { CliError, info, out, userPath } from '../output';

export function registerLexicon(program: Command): void {
  const lexicon = program.command('lexicon').description('Validate and inspect lexicon files');
  lexicon
    .command('check')
    .description(
      'Validate lexicon files (default: every file in lexicons/); print every problem as file:line:col path: message',
    )
    .argument('[files...]', 'lexicon YAML files')
    .action((files: string[]) => {
      const targets = files.length ? files.map(userPath) : listLexiconFiles();
      if (!targets.length) throw new CliError('No lexicon files found');
      let errors = 0;
      for (const file of targets) {
        const { relative, result } = loadLexiconFile(file);
        for (const w of result.warnings) out(formatIssue(w));
        if (result.ok) {
          info(`ok ${relative} (${result.lexicon.id} ${result.lexicon.version})`);
        } else {
          for (const e of result.errors) out(formatIssue(e));
          errors += result.errors.length;
        }
      }
      if (errors) throw new CliError(`${errors} error(s) in ${targets.length} file(s)`);
    });
}
