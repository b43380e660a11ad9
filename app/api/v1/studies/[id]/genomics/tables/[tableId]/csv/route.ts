import { getDb } from '@/db/client';
import { getGenomicTable } from '@/db/queries/genomic-tables';
import { apiRoute } from '@/lib/auth/api.server';
import { AppError } from '@/lib/errors';
import { genomicTableCsv } from '@/lib/genomics/results-csv';
import { fileSafe } from '@/lib/export/filename';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string; tableId: string }> };

/** A stored genomic table as CSV (the id column, then its columns), for the study's analysts. */
export const GET = apiRoute(
  'analyst.view',
  async (actor, _request, { params }: Params) => {
    const { id, tableId } = await params;
    if (!/^\d+$/.test(id) || !/^\d+$/.test(tableId)) throw new AppError('not_found', 'No such table');
    const stored = getGenomicTable(getDb(), actor, Number(id), Number(tableId));
    const base = fileSafe(stored.name.replace(/\.[^.]*$/, '')) || 'genomic-table';
    return new Response(genomicTableCsv(stored.table), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${base}.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  },
  { tokens: true },
);
