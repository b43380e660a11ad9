// B6's floor: a bare node:http server over better-sqlite3 doing the same write as an autosave
// (parse the JSON body, check the read's version, upsert its answers and bump the version in
// one BEGIN IMMEDIATE transaction, answer the new version), with Annolex's pragmas: WAL,
// synchronous=FULL, foreign keys, busy timeout. No session, no validation, no audit row.
// argv: <database file> <port> <reads>
import http from 'node:http';
import Database from 'better-sqlite3';

const [file, port, count] = process.argv.slice(2);
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.exec(`CREATE TABLE IF NOT EXISTS reads (id integer PRIMARY KEY, version integer NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS answers (read_id integer NOT NULL REFERENCES reads(id), path text NOT NULL,
    value text, updated_at integer NOT NULL, PRIMARY KEY (read_id, path));`);
const insertRead = db.prepare('INSERT OR IGNORE INTO reads (id) VALUES (?)');
for (let i = 1; i <= Number(count); i++) insertRead.run(i);
const getVersion = db.prepare('SELECT version FROM reads WHERE id = ?');
const upsert = db.prepare(
  'INSERT INTO answers (read_id, path, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (read_id, path) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
);
const bump = db.prepare('UPDATE reads SET version = version + 1 WHERE id = ? RETURNING version');
const save = db.transaction((readId, version, answers) => {
  const row = getVersion.get(readId);
  if (!row || (version !== undefined && row.version !== version)) return null;
  const now = Date.now();
  for (const [path, value] of Object.entries(answers)) upsert.run(readId, path, JSON.stringify(value), now);
  return bump.get(readId).version;
});

http
  .createServer((req, res) => {
    const m = /^\/api\/v1\/reads\/(\d+)\/answers$/.exec(req.url ?? '');
    if (req.method !== 'PUT' || !m) return res.writeHead(404).end();
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const input = JSON.parse(body);
      const version = save.immediate(Number(m[1]), input.version, input.answers);
      if (version === null) return res.writeHead(409).end('{"code":"conflict"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version }));
    });
  })
  .listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
