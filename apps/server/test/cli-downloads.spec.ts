import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, startTestServer, type TestServer } from './support';
import { ok, startPairedLab, type Player } from './support-labs/labs';

const ROOT = join(__dirname, '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'tcp-lab-download-'));

function tcpLab(...args: string[]) {
  const env = { ...process.env, TCP_LAB_FROM_SOURCE: '1' };
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tcp-lab'), args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The README's promise: a transcript downloaded from the dashboard is replayable by the CLI. */
describe('the CLI on a transcript downloaded from a running server', () => {
  let server: TestServer;
  const players: Player[] = [];

  beforeAll(async () => {
    server = await startTestServer({ config: { labTimeScale: 0 } });
  });
  afterAll(async () => {
    for (const player of players) player.socket.close();
    await server?.close();
  });

  test('replay prints a line per entry as recorded (exit 0), script makes a runnable tcp-lab/1 script, run says which command to use', async () => {
    const { lab, client, srv, instructor } = await startPairedLab(server.url, ['Cy', 'Di'], {}, players);
    ok(await srv.move({ by: 'server', call: 'listen' }));
    ok(await client.move({ by: 'client', call: 'connect' }));
    await client.move({ by: 'client', call: 'listen' }); // refused by tcp-core: recorded as ok:false
    ok(await srv.move({ by: 'network', action: 'deliver', from: 'client' }));
    ok(await client.move({ by: 'network', action: 'deliver', from: 'server' }));
    const last = ok(await srv.move({ by: 'network', action: 'deliver', from: 'client' }));
    expect(last.lab.states).toEqual({ client: 'ESTABLISHED', server: 'ESTABLISHED' });

    const download = await http(server.url, 'GET', `/api/labs/${lab.id}/transcript.json`, {
      token: instructor.token,
    });
    expect(download.status).toBe(200);
    const file = join(scratch, 'lab.json');
    writeFileSync(file, JSON.stringify(download.body));

    const replayed = tcpLab('replay', file);
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    const lines = replayed.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(download.body.entries.length);
    expect(lines.map((line) => line.ok)).toEqual([true, true, false, true, true, true]);
    expect(lines.at(-1)).toMatchObject({ client: 'ESTABLISHED', server: 'ESTABLISHED' });

    const script = tcpLab('script', file);
    expect(script.code).toBe(0);
    const scriptFile = join(scratch, 'lab.script.json');
    writeFileSync(scriptFile, script.stdout);
    const ran = tcpLab('run', scriptFile);
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout.trimEnd().split('\n').at(-1)!)).toMatchObject({
      client: 'ESTABLISHED',
      server: 'ESTABLISHED',
    });

    const wrong = tcpLab('run', file);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`tcp-lab replay ${file}`);
  });
});
