import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <p className="text-sm font-medium text-muted-foreground">403</p>
      <h1 className="mt-2 text-2xl font-semibold">You do not have access to this page</h1>
      <p className="mt-2 text-sm text-muted-foreground">
        Your role does not include it. Ask a study coordinator or an administrator if you need it.
      </p>
      <Link href="/" className="mt-6 inline-block text-sm text-primary underline-offset-4 hover:underline">
        Go to your home page
      </Link>
    </main>
  );
}
