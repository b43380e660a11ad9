export const dynamic = 'force-dynamic';

/** Liveness for process managers: no data, no session needed. */
export function GET() {
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}
