import { Badge } from '@/app/_components/ui/badge';
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@/app/_components/ui/table';
import type { UserRow } from '@/db/queries/users';
import { UserRowActions } from './user-row-actions';

function formatWhen(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'never';
}

export function UsersTable({ users, currentUserId }: { users: UserRow[]; currentUserId: string | null }) {
  return (
    <Table aria-label="Users">
      <TableCaption>{users.length === 1 ? '1 account' : `${users.length} accounts`}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">User</TableHead>
          <TableHead scope="col">Account role and access</TableHead>
          <TableHead scope="col">Last active</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {users.map((u) => (
          <TableRow key={u.id} data-email={u.email}>
            <TableCell>
              <div className="font-medium">{u.name}</div>
              <div className="text-xs text-muted-foreground">{u.email}</div>
            </TableCell>
            <TableCell>
              <UserRowActions user={u} isSelf={u.id === currentUserId} />
            </TableCell>
            <TableCell className="text-xs text-muted-foreground">
              {u.disabled ? <Badge variant="destructive">Disabled</Badge> : formatWhen(u.lastSeenAt)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
