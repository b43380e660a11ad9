import type { ReactNode } from 'react';

/** A field's help line, tied to it by aria-describedby. */
export function Help({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="text-xs text-muted-foreground">
      {children}
    </p>
  );
}

/** A field's error line (nothing when there is none); its id doubles as a test id. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="text-sm text-destructive" data-testid={id}>
      {message}
    </p>
  ) : null;
}
