import type { ComponentProps } from 'react';
import { cn } from '@/lib/ui/cn';

/**
 * A table in a horizontally scrolling box. With `scrollLabel` (for tables that can be wider
 * than the page) the box is a named region that takes the keyboard focus, so it scrolls
 * without a mouse.
 */
export function Table({
  className,
  scrollLabel,
  boxClassName,
  ...props
}: ComponentProps<'table'> & { scrollLabel?: string; boxClassName?: string }) {
  return (
    <div
      className={cn('relative w-full overflow-x-auto', boxClassName)}
      {...(scrollLabel ? { role: 'region', 'aria-label': scrollLabel, tabIndex: 0 } : {})}
    >
      <table className={cn('w-full caption-bottom text-sm', className)} {...props} />
    </div>
  );
}
export function TableHeader(props: ComponentProps<'thead'>) {
  return <thead className="[&_tr]:border-b" {...props} />;
}
export function TableBody(props: ComponentProps<'tbody'>) {
  return <tbody className="[&_tr:last-child]:border-0" {...props} />;
}
export function TableRow({ className, ...props }: ComponentProps<'tr'>) {
  return <tr className={cn('border-b transition-colors hover:bg-muted/50', className)} {...props} />;
}
export function TableHead({ className, ...props }: ComponentProps<'th'>) {
  return (
    <th
      className={cn('h-10 px-3 text-left align-middle font-medium text-muted-foreground', className)}
      {...props}
    />
  );
}
export function TableCell({ className, ...props }: ComponentProps<'td'>) {
  return <td className={cn('px-3 py-2 align-middle', className)} {...props} />;
}
export function TableCaption({ className, ...props }: ComponentProps<'caption'>) {
  return <caption className={cn('mt-4 text-sm text-muted-foreground', className)} {...props} />;
}
