import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <p className="text-sm font-medium text-muted-foreground">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-muted-foreground">There is nothing here, or it is not yours to see.</p>
      <Link href="/" className="mt-6 inline-block text-sm text-primary underline-offset-4 hover:underline">
        Go to your home page
      </Link>
    </main>
  );
}
