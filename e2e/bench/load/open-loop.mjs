// Open-loop load generator for B6, run as its own process so that it never competes with the
// benchmark's own event loop. Each reader's saves are scheduled at fixed times (rate per
// reader, phases spread evenly); a save whose reader still waits for its previous answer is
// queued behind it, as the reading page's autosave queues them, and every latency counts from
// the save's scheduled time, so a slow server cannot hide its backlog (no coordinated omission).
//
// Input (argv[2], JSON): { url, readers: [{ readId, cookie }], perReaderPerSecond, seconds,
// warmupSeconds, origin }: the saves scheduled in the first warmupSeconds run but are not counted.
// `url` contains {readId}. Output (stdout, JSON): { latencies, errors, statuses, sent, seconds }.
const config = JSON.parse(process.argv[2]);
const interval = 1000 / config.perReaderPerSecond;
const latencies = [];
const statuses = {};
let errors = 0;
let sent = 0;

async function reader(r, { readId, cookie }) {
  let version = 0;
  const t0 = performance.now() + (interval * r) / config.readers.length;
  const counted = t0 + config.warmupSeconds * 1000;
  const end = counted + config.seconds * 1000;
  let previous = Promise.resolve();
  const pending = [];
  for (let n = 1, at = t0; at < end; n++, at += interval) {
    const wait = at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const scheduled = at;
    const count = scheduled >= counted;
    const run = previous.then(async () => {
      if (count) sent++;
      try {
        const res = await fetch(config.url.replace('{readId}', String(readId)), {
          method: 'PUT',
          headers: { 'content-type': 'application/json', cookie, origin: config.origin },
          body: JSON.stringify({
            mode: 'draft',
            version,
            answers: { F29: (n % 500) / 10, F4: n % 2 ? 'mild' : 'marked' },
          }),
        });
        const text = await res.text();
        if (count) statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (!res.ok) errors++;
        else version = JSON.parse(text).version;
      } catch {
        errors++;
      }
      if (count) latencies.push(performance.now() - scheduled);
    });
    previous = run;
    pending.push(run);
  }
  await Promise.all(pending);
}

await Promise.all(config.readers.map((r, i) => reader(i, r)));
process.stdout.write(JSON.stringify({ latencies, errors, statuses, sent, seconds: config.seconds }));
