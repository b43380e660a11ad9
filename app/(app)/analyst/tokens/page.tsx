import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { Badge } from '@/app/_components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import { getDb } from '@/db/client';
import { listApiTokens, type ApiTokenRow } from '@/db/queries/api-tokens';
import { can } from '@/lib/auth/permissions';
import { requirePage } from '@/lib/auth/session.server';
import { NewTokenForm } from './new-token-form';
import { RevokeToken } from './revoke-token';

export const metadata: Metadata = { title: 'API tokens' };

type Status = 'active' | 'expired' | 'revoked';

const STATUS_LABELS: Record<Status, string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

function statusOf(token: ApiTokenRow, now: Date): Status {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** A date (UTC) in a <time> element. */
function When({ at, withTime = false }: { at: Date; withTime?: boolean }) {
  const iso = at.toISOString();
  return (
    <time dateTime={iso} className="whitespace-nowrap tabular-nums">
      {withTime ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : iso.slice(0, 10)}
    </time>
  );
}

export default async function ApiTokensPage() {
  const actor = await requirePage('tokens.manage', '/analyst/tokens');
  const tokens = listApiTokens(getDb(), actor);
  const now = new Date();
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Personal tokens let R, Python or curl download exports as you, from the export API. Each script sends one in the Authorization header; revoke a token as soon as no script needs it."
      />
      {can(actor, 'analyst.view') ? (
        <nav aria-label="Analysis" className="-mt-2 mb-6 text-sm">
          <Link href="/analyst" className="text-primary underline underline-offset-4">
            Back to the studies you analyse
          </Link>
        </nav>
      ) : null}
      <div className="flex flex-col gap-8">
        <NewTokenForm />
        <section aria-labelledby="tokens-title" className="flex flex-col gap-3">
          <h2 id="tokens-title" tabIndex={-1} className="text-lg font-semibold">
            Your tokens
          </h2>
          {tokens.length ? (
            <Table
              aria-label="Your API tokens"

              data-testid="tokens-table"
            >
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">Name</TableHead>
                  <TableHead scope="col">Token</TableHead>
                  <TableHead scope="col">Created</TableHead>
                  <TableHead scope="col">Expires</TableHead>
                  <TableHead scope="col">Last used</TableHead>
                  <TableHead scope="col">Status</TableHead>
                  <TableHead scope="col">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {tokens.map((t) => {
                  const status = statusOf(t, now);
                  return (
                    <TableRow key={t.id} data-testid={`token-row-${t.id}`} data-status={status}>
                      <TableCell className="font-medium">{t.name}</TableCell>
                      <TableCell>
                        <code className="font-mono text-xs">{t.start}…</code>
                      </TableCell>
                      <TableCell>
                        <When at={t.createdAt} />
                      </TableCell>
                      <TableCell>{t.expiresAt ? <When at={t.expiresAt} /> : 'Never'}</TableCell>
                      <TableCell>
                        {t.lastUsedAt ? <When at={t.lastUsedAt} withTime /> : 'Never used'}
                      </TableCell>
                      <TableCell>
                        <Badge variant={status === 'active' ? 'secondary' : 'outline'}>
                          {STATUS_LABELS[status]}
                          {status === 'revoked' && t.revokedAt ? (
                            <span className="ml-1 font-normal">
                              <When at={t.revokedAt} />
                            </span>
                          ) : null}
                        </Badge>
                      </TableCell>
                      <TableCell className="text-right">
                        {status === 'revoked' ? null : <RevokeToken id={t.id} name={t.name} />}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          ) : (
            <EmptyState title="No API tokens yet">
              Create one above to download exports from R, Python or curl.
            </EmptyState>
          )}
        </section>
      </div>
    </>
  );
}
