/** The log is the truth: controls are entries, one replay gives the lab after each entry, counters come from it. */
import {
  controlEntry,
  createLab,
  linuxPeerOf,
  newTranscript,
  record,
  replay,
  replayEntries,
  resolveSettings,
  roundCounters,
  transcriptToScript,
} from '../src/api';
import type { Transcript } from '../src/types';

function labWithControls(): Transcript {
  let lab = createLab({ isn: { client: 1000, server: 5000 }, mode: 'stack' });
  const transcript = newTranscript(lab.settings);
  const control = (move: Parameters<typeof controlEntry>[2]) =>
    transcript.entries.push(controlEntry(transcript.entries.length + 1, 'instructor', move, lab));
  control({ by: 'control', action: 'start' });
  lab = record(transcript, lab, { by: 'server', call: 'listen' }, 'server').lab;
  lab = record(transcript, lab, { by: 'server', answer: { state: 'SYN_SENT', send: [] } }, 'server').lab;
  control({ by: 'control', action: 'set-clock', clockRate: 0 });
  lab = record(transcript, lab, { by: 'server', answer: { state: 'LISTEN', send: [] } }, 'server').lab;
  return transcript;
}

describe('the lab log', () => {
  it('controls are entries with steps of their own, and leave the lab as it was', () => {
    const transcript = labWithControls();
    expect(transcript.entries.map((e) => e.step)).toEqual([1, 2, 3, 4, 5]);
    const steps = replayEntries(transcript);
    expect(steps[3].lab).toBe(steps[2].lab);
    expect(steps.every((step) => step.agrees)).toBe(true);
    expect(steps.at(-1)!.lab.server.state).toBe('LISTEN');
    expect(replay(transcript)).toEqual(steps.at(-1)!.lab);
  });

  it('a new-round control starts a fresh lab from its settings', () => {
    const transcript = labWithControls();
    const settings = resolveSettings({ seed: 5 });
    const lab = replay(transcript);
    transcript.entries.push(
      controlEntry(
        6,
        'instructor',
        {
          by: 'control',
          action: 'new-round',
          cause: 'reset',
          round: 2,
          settings,
          scenarioId: null,
        },
        lab,
      ),
    );
    expect(replay(transcript)).toEqual(createLab(settings));
  });

  it('counters come from the log: moves, mistakes and same-state moves (controls are not moves)', () => {
    expect(roundCounters(labWithControls().entries)).toEqual({ moves: 3, mistakes: 1, sameStateMoves: 1 });
  });

  it('a replay that disagrees with a recorded entry says so', () => {
    const transcript = labWithControls();
    transcript.entries[2].correct = true;
    expect(replayEntries(transcript).map((step) => step.agrees)).toEqual([true, true, false, true, true]);
  });

  it('a linux-peer control says which side Linux plays from there on, and changes nothing in the lab', () => {
    const transcript = labWithControls();
    const lab = replay(transcript);
    const push = (move: Parameters<typeof controlEntry>[2]) =>
      transcript.entries.push(controlEntry(transcript.entries.length + 1, 'client', move, lab));
    expect(linuxPeerOf(transcript.entries)).toBeNull();
    push({ by: 'control', action: 'linux-peer', role: 'client' });
    expect(linuxPeerOf(transcript.entries)).toBe('client');
    expect(replay(transcript)).toEqual(lab);
    const reason = { en: 'the server restarted', zh: '服务器重新启动了' };
    push({ by: 'control', action: 'linux-peer', role: null, reason });
    expect(linuxPeerOf(transcript.entries)).toBeNull();
    push({ by: 'control', action: 'linux-peer', role: 'client' });
    push({ by: 'control', action: 'end' }); // an ended lab lets Linux go
    expect(linuxPeerOf(transcript.entries)).toBeNull();
    expect(roundCounters(transcript.entries).moves).toBe(3); // controls are not moves
  });

  it('a script made from the log leaves the controls out', () => {
    // the last answer had nothing to answer: rejected, left out too
    expect(transcriptToScript(labWithControls()).moves.map((move) => move.by)).toEqual(['server', 'server']);
  });
});
