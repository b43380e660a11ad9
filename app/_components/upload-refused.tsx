import { Alert } from '@/app/_components/ui/alert';

/** Why an uploaded file was refused: the summary, then every problem found in the file. */
export function UploadRefused({
  id,
  message,
  problems,
}: {
  /** Lets the file input point at this alert with aria-describedby. */
  id: string;
  message: string;
  problems: string[] | undefined;
}) {
  return (
    <Alert variant="destructive" id={id}>
      <p>{message}</p>
      {problems?.length ? (
        <ul className="mt-1 list-disc pl-5">
          {problems.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
