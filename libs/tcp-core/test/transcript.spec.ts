/** Transcripts: every move logged, replay reproduces the lab exactly, CSV and script export. */
import {
  createLab,
  newTranscript,
  parseTranscript,
  record,
  replay,
  runLabScript,
  toTranscriptEntry,
  transcriptToCsv,
  transcriptToScript,
  applyMove,
} from '../src/api';
import type { Actor, Lab, Transcript } from '../src/types';
import { advance, by, deliver, HANDSHAKE } from './helpers';

function playLogged(moves: [unknown, Actor][], settings = {}): { lab: Lab; transcript: Transcript } {
  let lab = createLab({ isn: { client: 1000, server: 5000 }, ...settings });
  const transcript = newTranscript(lab.settings, 'test lab');
  for (const [move, actor] of moves) lab = record(transcript, lab, move, actor).lab;
  return { lab, transcript };
}

const MIXED: [unknown, Actor][] = [
  ...HANDSHAKE.map((m) => [m, 'system'] as [unknown, Actor]),
  [by('server', 'close'), 'client'], // NOT_YOUR_ENDPOINT
  [{ by: 'client', call: 'send', bytes: 12, data: 'hello, "world"' }, 'client'],
  [
    { by: 'network', action: 'inject', to: 'client', segment: { flags: ['RST'], seq: 5100, len: 0 } },
    'instructor',
  ],
  [{ nonsense: true }, 'server'], // BAD_MOVE
  [by('client', 'close'), 'client'],
  [advance(1500), 'system'],
  [{ by: 'network', action: 'deliver-all' }, 'server'],
];

describe('transcript', () => {
  it('logs applied and rejected moves with states before and after, codes, emitted segments and the clock', () => {
    const { transcript } = playLogged(MIXED);
    expect(transcript.format).toBe('tcp-lab-transcript/1');
    expect(transcript.entries.map((e) => e.step)).toEqual(MIXED.map((_, i) => i + 1));
    const rejected = transcript.entries.filter((e) => !e.ok);
    expect(rejected.map((e) => e.code)).toEqual(['NOT_YOUR_ENDPOINT', 'BAD_MOVE']);
    expect(transcript.entries[1]).toMatchObject({
      actor: 'system',
      ok: true,
      before: { client: 'CLOSED', server: 'LISTEN' },
      after: { client: 'SYN_SENT', server: 'LISTEN' },
      emitted: [{ id: 1, from: 'client', flags: ['SYN'], seq: 1000, len: 0, sentAt: 0 }],
      clock: 0,
      ruleId: 'closed--connect--syn-sent',
    });
    expect(transcript.entries[10].clock).toBe(1500);
  });

  it('replay re-applies every move from the settings and gives exactly the same lab', () => {
    const { lab, transcript } = playLogged(MIXED);
    expect(replay(transcript)).toEqual(lab);
    const json = JSON.parse(JSON.stringify(transcript));
    expect(replay(json)).toEqual(lab);
  });

  it('replay works for stack mode with graded answers', () => {
    const { lab, transcript } = playLogged(
      [
        [by('client', 'connect'), 'client'],
        [
          { by: 'client', answer: { state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: 1000, len: 0 }] } },
          'client',
        ],
        [by('server', 'listen'), 'server'],
        [{ by: 'server', answer: { state: 'CLOSED', send: [] } }, 'server'],
        [deliver('client'), 'server'],
      ],
      { mode: 'stack' },
    );
    expect(transcript.entries[3]).toMatchObject({
      correct: false,
      mistake: { code: 'WRONG_STATE' },
      expected: { state: 'LISTEN', send: [] },
    });
    expect(replay(transcript)).toEqual(lab);
    expect(lab.pending.server?.ruleId).toBe('listen--syn--syn-rcvd');
  });

  it('toTranscriptEntry for a rejected move records the code and reason, and no outcome', () => {
    const lab = createLab();
    const entry = toTranscriptEntry(
      1,
      'client',
      by('client', 'close'),
      lab,
      applyMove(lab, by('client', 'close'), 'client'),
    );
    expect(entry).toMatchObject({
      ok: false,
      code: 'NOT_IN_STATE',
      transitions: [],
      emitted: [],
      events: [],
    });
    expect(entry.reason?.en).toContain('connection does not exist');
  });

  it('parseTranscript accepts a stored transcript and names what is wrong with a broken one', () => {
    const { transcript } = playLogged(MIXED);
    expect(parseTranscript(JSON.parse(JSON.stringify(transcript)))).toMatchObject({ ok: true });
    expect(parseTranscript({ ...transcript, format: 'x' })).toEqual({
      ok: false,
      error: 'format: expected tcp-lab-transcript/1',
    });
    expect(
      parseTranscript({ ...transcript, entries: [{ step: 1, actor: 'robot', move: {}, ok: true }] }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^entries\[0\]\.actor: expected one of/),
    });
  });

  it('CSV: a header and one row per entry, fields with commas and quotes quoted', () => {
    const { transcript } = playLogged(MIXED);
    const rows = transcriptToCsv(transcript).trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'step,actor,move,ok,code,client_before,client_after,server_before,server_after,emitted,clock,correct',
    );
    expect(rows).toHaveLength(MIXED.length + 1);
    expect(rows[2]).toBe(
      '2,system,client connect,true,,CLOSED,SYN_SENT,LISTEN,LISTEN,client: SYN seq=1000 len=0,0,',
    );
    expect(rows[6]).toBe(
      '6,client,server close,false,NOT_YOUR_ENDPOINT,ESTABLISHED,ESTABLISHED,ESTABLISHED,ESTABLISHED,,0,',
    );
    expect(rows[8]).toBe(
      '8,instructor,network inject to client: RST seq=5100 len=0,true,,ESTABLISHED,ESTABLISHED,ESTABLISHED,ESTABLISHED,client: ACK seq=1013 ack=5001 len=0,0,',
    );
    expect(rows[9]).toContain('"{""nonsense"":true}"');
  });

  it('transcriptToScript gives a tcp-lab/1 script that runs to the same lab', () => {
    const { lab, transcript } = playLogged(MIXED);
    const script = transcriptToScript(transcript);
    expect(script).toMatchObject({
      format: 'tcp-lab/1',
      title: 'test lab',
      settings: { isn: { client: 1000, server: 5000 } },
    });
    expect(script.moves).toHaveLength(MIXED.length - 2);
    const rerun = runLabScript(script).lab;
    expect({ ...rerun, step: 0 }).toEqual({ ...lab, step: 0 });
  });
});
