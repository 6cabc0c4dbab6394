/** `tcp-lab replay` and `tcp-lab script`: what a teacher does with a transcript downloaded from the dashboard. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main, type CliIo } from '../src/cli';
import { createLab, newTranscript, record, runLabScript, parseLabScript } from '../src/api';
import type { Transcript } from '../src/types';
import { EXAMPLES } from './fixtures/design-examples';

function cli(files: Record<string, unknown>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    readFile: (path) => {
      if (!(path in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      const content = files[path];
      return typeof content === 'string' ? content : JSON.stringify(content);
    },
  };
  const code = main(argv, io);
  return { code, out, err };
}

const normal = readFileSync(join(EXAMPLES, 'normal-open-close.json'), 'utf8');

/** A transcript as a lab records it: seats as actors, a rejected move among them. */
function labTranscript(): Transcript {
  let lab = createLab({ isn: { client: 1000, server: 5000 } });
  const transcript = newTranscript(lab.settings, 'a lab');
  for (const [move, actor] of [
    [{ by: 'server', call: 'listen' }, 'server'],
    [{ by: 'client', call: 'close' }, 'client'],
    [{ by: 'client', call: 'connect' }, 'client'],
    [{ by: 'network', action: 'deliver', id: 1 }, 'server'],
  ] as const)
    lab = record(transcript, lab, move, actor).lab;
  return JSON.parse(JSON.stringify(transcript)) as Transcript;
}

describe('tcp-lab replay FILE', () => {
  it('prints the same JSON lines as `run` of the script the transcript came from', () => {
    const script = parseLabScript(normal);
    if (!script.ok) throw new Error(script.error);
    const { transcript } = runLabScript(script.script);
    const ran = cli({ 'normal.json': normal }, 'run', 'normal.json');
    const replayed = cli({ 't.json': transcript }, 'replay', 't.json');
    expect(replayed.err).toEqual([]);
    expect(replayed.code).toBe(0);
    expect(replayed.out).toEqual(ran.out);
  });

  it('replays entries made by seats, rejected ones included, and exits 0 when each replays as recorded', () => {
    const r = cli({ 'lab.json': labTranscript() }, 'replay', 'lab.json');
    expect(r.code).toBe(0);
    expect(r.out.map((line) => JSON.parse(line).ok)).toEqual([true, false, true, true]);
    expect(JSON.parse(r.out[3])).toMatchObject({ step: 4, by: 'network', server: 'SYN_RCVD' });
  });

  it('exits 1 and names the step when an entry does not replay to what was recorded', () => {
    const tampered = labTranscript();
    tampered.entries[2].after = { client: 'ESTABLISHED', server: 'LISTEN' };
    const r = cli({ 'lab.json': tampered }, 'replay', 'lab.json');
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      'tcp-lab: replay differs: step 3 (client connect): recorded ok ESTABLISHED/LISTEN, replayed ok SYN_SENT/LISTEN',
    ]);
  });

  it('a script given to replay, or a broken transcript, is exit 2 with the reason', () => {
    const script = cli({ 'normal.json': normal }, 'replay', 'normal.json');
    expect(script.code).toBe(2);
    expect(script.err[0]).toContain('tcp-lab run normal.json');
    const broken = cli(
      { 'b.json': { format: 'tcp-lab-transcript/1', settings: {}, entries: [{}] } },
      'replay',
      'b.json',
    );
    expect(broken.code).toBe(2);
    expect(broken.err[0]).toMatch(/not a valid tcp-lab-transcript\/1 transcript: entries\[0\]\.step/);
  });
});

describe('tcp-lab script FILE', () => {
  it('prints a tcp-lab/1 script that `run` accepts and that ends where the lab did', () => {
    const transcript = labTranscript();
    const r = cli({ 'lab.json': transcript }, 'script', 'lab.json');
    expect(r.code).toBe(0);
    const script = JSON.parse(r.out.join('\n'));
    expect(script).toMatchObject({ format: 'tcp-lab/1', title: 'a lab' });
    expect(script.moves).toHaveLength(3); // the rejected close is left out
    const ran = cli({ 's.json': script }, 'run', 's.json');
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.out.at(-1)!)).toMatchObject({ client: 'SYN_SENT', server: 'SYN_RCVD' });
  });
});

describe('tcp-lab run FILE given a transcript', () => {
  it('says which commands take a transcript (exit 2, nothing runs)', () => {
    const r = cli({ 'lab.json': labTranscript() }, 'run', 'lab.json');
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual([
      'tcp-lab: lab.json is a transcript (tcp-lab-transcript/1), not a tcp-lab/1 script: replay it with `tcp-lab replay lab.json`, or turn it into a script with `tcp-lab script lab.json`',
    ]);
  });
});
