/** The CLI as a teacher runs it: `npx tcp-lab run FILE` from the repository root, exit codes 0, 1 and 2. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLES } from './fixtures/design-examples';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin', 'tcp-lab');
const scratch = mkdtempSync(join(tmpdir(), 'tcp-lab-cli-'));

function tcpLab(...args: string[]) {
  // from the TypeScript source, as right after `npm ci` (no build); the built path runs the same main()
  const env = { ...process.env, TCP_LAB_FROM_SOURCE: '1' };
  const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scriptFile(name: string, content: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('tcp-lab CLI', () => {
  it('runs the normal example: one JSON line per move, exit 0; line 2 as documented', () => {
    const r = tcpLab('run', join(EXAMPLES, 'normal-open-close.json'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[1]).toBe(
      '{"step":2,"by":"client","ok":true,"client":"SYN_SENT","server":"LISTEN","transitions":[{"endpoint":"client","from":"CLOSED","to":"SYN_SENT"}],"emitted":[{"from":"client","flags":["SYN"],"seq":1000,"len":0}]}',
    );
  });

  it('runs the refused example: the rejected last move is reported, not an error (exit 0)', () => {
    const r = tcpLab('run', join(EXAMPLES, 'refused.json'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trimEnd().split('\n')[3])).toMatchObject({ ok: false, code: 'NOT_IN_STATE' });
  });

  it('a malformed file: the error names the place, exit 2, no move runs', () => {
    const file = scriptFile('bad.json', {
      format: 'tcp-lab/1',
      moves: [{ by: 'server', call: 'listen' }, {}, {}, { by: 'client', call: 'dance' }],
    });
    const r = tcpLab('run', file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('moves[1].by: expected one of client, server, network, clock');
  });

  it('bad JSON and a missing file: exit 2 with a clear message', () => {
    const bad = tcpLab('run', scriptFile('broken.json', '{"format": "tcp-lab/1", '));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not valid JSON/);
    const missing = tcpLab('run', join(scratch, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.json: no such file/);
  });

  it('a failing expect: all moves still run and print, the failure goes to stderr after the run, exit 1', () => {
    const file = scriptFile('fails.json', {
      format: 'tcp-lab/1',
      moves: [
        { by: 'server', call: 'listen', expect: { server: 'ESTABLISHED' } },
        { by: 'client', call: 'connect', expect: { client: 'SYN_SENT' } },
      ],
    });
    const r = tcpLab('run', file);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(r.stderr).toBe(
      'tcp-lab: expect failed: step 1 (server listen): expected server ESTABLISHED, got LISTEN\n',
    );
  });

  it('--help and scenarios', () => {
    const help = tcpLab('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('tcp-lab run FILE');
    const list = tcpLab('scenarios');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^normal-open-close\t/m);
    expect(tcpLab().code).toBe(2);
  });
});
