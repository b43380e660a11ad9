import { Badge } from './ui/badge';

const STATUS_LABEL = { not_started: 'Not started', draft: 'Draft', submitted: 'Submitted' } as const;

/** A read's status as the worklist and the coordinator's tables show it. */
export function ReadStatusBadge({ status }: { status: keyof typeof STATUS_LABEL }) {
  return <Badge variant={status === 'submitted' ? 'default' : 'outline'}>{STATUS_LABEL[status]}</Badge>;
}
