// Open-loop load generator for B6, run as its own process so that it never competes with the
// benchmark's own event loop. Each reader's saves are scheduled at fixed times (rate per
// reader, phases spread evenly); a save whose reader still waits for its previous answer is
// queued behind it, as the reading page's autosave queues them, and every latency counts from
// the save's scheduled time, so a slow server cannot hide its backlog (no coordinated omission).
//
// Input (argv[2], JSON): { url, readers: [{ readId, cookie, version? }], perReaderPerSecond,
// seconds, warmupSeconds, origin }: the saves scheduled in the first warmupSeconds run but are not
// counted; `version` is the read's current version (0 for a new draft).
// `url` contains {readId}. Output (stdout, JSON): { latencies, errors, statuses, sent, seconds,
// samples, versions }: `versions` holds each read's version after the last save, for a later run;
// `samples` pairs each counted save's scheduled time (ms since the epoch, so that
// another process can line it up with its own events) with its latency.
const config = JSON.parse(process.argv[2]);
const interval = 1000 / config.perReaderPerSecond;
const latencies = [];
const samples = [];
const statuses = {};
let errors = 0;
let sent = 0;

const versions = config.readers.map((r) => r.version ?? 0);

async function reader(r, { readId, cookie }) {
  let version = versions[r];
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
      if (count) {
        const ms = performance.now() - scheduled;
        latencies.push(ms);
        samples.push([performance.timeOrigin + scheduled, ms]);
      }
    });
    previous = run;
    pending.push(run);
  }
  await Promise.all(pending);
  versions[r] = version;
}

await Promise.all(config.readers.map((r, i) => reader(i, r)));
process.stdout.write(
  JSON.stringify({ latencies, errors, statuses, sent, seconds: config.seconds, samples, versions }),
);
