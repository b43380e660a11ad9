import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { LEXICON_DIR, listLexiconFiles, loadLexiconFile } from '@/lib/lexicon/files.server';
import { buildFormModel } from '@/lib/lexicon/form-model';
import { lexiconJsonSchema } from '@/lib/lexicon/json-schema';
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
  registerLexiconExtras(lexicon);
}

export function registerLexiconExtras(lexicon: Command): void {
  lexicon
    .command('schema')
    .description('Print the JSON Schema of the lexicon format (--write updates lexicons/lexicon.schema.json)')
    .option('--write', 'write lexicons/lexicon.schema.json')
    .action((opts: { write?: boolean }) => {
      const json = lexiconJsonSchema();
      if (!opts.write) return void out(json.trimEnd());
      fs.writeFileSync(path.join(LEXICON_DIR, 'lexicon.schema.json'), json);
      info('Wrote lexicons/lexicon.schema.json');
    });
  lexicon
    .command('show')
    .description('Print the form model of a lexicon in lexicons/ (by id)')
    .argument('<id>', 'lexicon id, e.g. vasari')
    .option('--json', 'print the whole form model as JSON')
    .action((id: string, opts: { json?: boolean }) => {
      const loaded = listLexiconFiles()
        .map(loadLexiconFile)
        .find((l) => l.result.ok && l.result.lexicon.id === id);
      if (!loaded || !loaded.result.ok)
        throw new CliError(`No valid lexicon with id "${id}" in lexicons/ (run: npx annolex lexicon check)`);
      const model = buildFormModel(loaded.result.lexicon);
      if (opts.json) return void out(JSON.stringify({ ...model, sha256: loaded.sha256 }, null, 2));
      out(`${model.title} (${model.id} ${model.version}, sha256 ${loaded.sha256.slice(0, 12)})`);
      for (const section of model.sections) {
        out(
          `\n${section.title}${section.repeat ? ` (repeats per ${section.repeat.label.toLowerCase()}, up to ${section.repeat.max})` : ''}`,
        );
        for (const f of section.features) {
          const codes = f.codes.map((c) => `${c.code}${c.match === 'close' ? '~' : ''}`).join(' ');
          const opts =
            'options' in f && f.options
              ? ` [${f.options.map((o) => (o.score !== undefined ? `${o.code}=${o.score}` : o.code)).join(', ')}]`
              : '';
          const cond = f.show_if ? ' (conditional)' : '';
          out(
            `  ${f.id.padEnd(14)} ${f.type.padEnd(15)} ${f.label}${f.required ? ' *' : ''}${cond}${opts} ${codes}`.trimEnd(),
          );
        }
      }
    });
}
