import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { openDb } from '@/db/client';
import { CLI_ACTOR } from '@/db/queries/actors';
import { listUsers } from '@/db/queries/users';
import { GLOBAL_ROLES } from '@/lib/auth/roles';
import { getEnv } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { addUser } from '@/lib/users/create-user.server';
import { ZNewUser } from '@/lib/users/user-input';
import { CliError, info, out } from '../output';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('Manage user accounts');
  user
    .command('add')
    .description('Create a user with an email + password login')
    .requiredOption('--email <email>', 'login email')
    .requiredOption('--role <role>', `account role: ${GLOBAL_ROLES.join(', ')}`)
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--password <password>', 'the password (visible in shell history; prefer --password-stdin)')
    .addHelpText('after', '\nWithout a password option a random one is generated and printed once.')
    .action(
      async (opts: {
        email: string;
        role: string;
        name?: string;
        password?: string;
        passwordStdin?: boolean;
      }) => {
        const generated = !opts.password && !opts.passwordStdin;
        const password = opts.passwordStdin
          ? await readStdin()
          : (opts.password ?? randomBytes(12).toString('base64url'));
        const parsed = ZNewUser.safeParse({
          email: opts.email,
          role: opts.role,
          name: opts.name ?? opts.email.split('@')[0] ?? opts.email,
          password,
        });
        if (!parsed.success) {
          throw new CliError(
            parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n'),
          );
        }
        const db = openDb(getEnv().databasePath);
        try {
          const { id } = await addUser(db, { actor: CLI_ACTOR, requestId: null }, parsed.data);
          out(`Created ${parsed.data.email} (${parsed.data.role}), id ${id}`);
          if (generated)
            out(`Password: ${password}\nShare it with the user over a safe channel; it is not shown again.`);
        } catch (error) {
          if (isAppError(error)) throw new CliError(error.message);
          throw error;
        } finally {
          db.$client.close();
        }
      },
    );
  user
    .command('list')
    .description('List user accounts')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const db = openDb(getEnv().databasePath);
      try {
        const users = listUsers(db, CLI_ACTOR);
        if (opts.json) out(JSON.stringify(users, null, 2));
        else if (!users.length)
          info('No users yet. Add one with: npx annolex user add --email … --role admin');
        else
          for (const u of users)
            out(`${u.email.padEnd(36)} ${u.role.padEnd(12)} ${u.disabled ? 'disabled' : 'active'}`);
      } finally {
        db.$client.close();
      }
    });
}
