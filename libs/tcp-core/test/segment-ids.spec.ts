/**
 * Network moves that name a segment by its id (tcp-core extension of tcp-lab/1): a click acts on the segment
 * clicked, whatever was delayed, retransmitted or delivered since the view it was made from.
 */
import { applyMove, createLab, parseLabScript, runLabScript } from '../src/api';
import type { Lab, MoveResult } from '../src/types';

const settings = { isn: { client: 1000, server: 5000 }, timers: { rtoMs: 1000 } };

function ok(result: MoveResult): Lab {
  if (!result.ok) throw new Error(`${result.code}: ${result.reason.en}`);
  return result.lab;
}

/** server listening, a delay fault armed on the client, the client's SYN held, then retransmitted. */
function delayedSynAndRetransmission(): Lab {
  let lab = createLab(settings);
  lab = ok(applyMove(lab, { by: 'server', call: 'listen' }));
  lab = ok(
    applyMove(
      lab,
      { by: 'network', action: 'fault', fault: 'delay', from: 'client', delayMs: 5000 },
      'instructor',
    ),
  );
  lab = ok(applyMove(lab, { by: 'client', call: 'connect' }));
  lab = ok(applyMove(lab, { by: 'clock', advance: 1000 })); // the retransmission timer fires
  return lab;
}

describe('network moves by segment id', () => {
  it('the held SYN, named by id, is refused with SEGMENT_HELD and nothing changes', () => {
    const lab = delayedSynAndRetransmission();
    const held = lab.inFlight.find((s) => s.holdUntil !== undefined)!;
    const result = applyMove(lab, { by: 'network', action: 'deliver', id: held.id });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('SEGMENT_HELD');
    expect(result.reason.en).toContain(`#${held.id}`);
    expect(result.reason.zh).toContain('延迟');
    expect(result.lab).toBe(lab);
  });

  it('the retransmission, named by id, is the one delivered (not the held SYN before it)', () => {
    const lab = delayedSynAndRetransmission();
    const retransmission = lab.inFlight.find((s) => s.retransmission)!;
    const result = applyMove(lab, { by: 'network', action: 'deliver', id: retransmission.id });
    const after = ok(result);
    expect(after.server.state).toBe('SYN_RCVD');
    expect(result.ok && result.events[0]).toMatchObject({ kind: 'delivered', id: retransmission.id });
    expect(after.inFlight.some((s) => s.id === retransmission.id)).toBe(false);
    expect(after.inFlight.some((s) => s.holdUntil !== undefined)).toBe(true);
  });

  it('delivering the same id twice: the second is NO_SUCH_SEGMENT, it never acts on the next segment', () => {
    let lab = createLab(settings);
    lab = ok(applyMove(lab, { by: 'client', call: 'connect' }));
    lab = ok(applyMove(lab, { by: 'network', action: 'duplicate', id: lab.inFlight[0].id }));
    const [first] = lab.inFlight;
    lab = ok(applyMove(lab, { by: 'network', action: 'drop', id: first.id }));
    const again = applyMove(lab, { by: 'network', action: 'drop', id: first.id });
    expect(again.ok).toBe(false);
    expect(!again.ok && again.code).toBe('NO_SUCH_SEGMENT');
    expect(lab.inFlight).toHaveLength(1);
  });

  it('the schema takes id or from/index, not both, and says so in both languages', () => {
    const both = applyMove(createLab(), { by: 'network', action: 'deliver', id: 1, from: 'client' });
    expect(!both.ok && both.code).toBe('BAD_MOVE');
    expect(!both.ok && both.reason.en).toBe('id: name a segment by id or by from/index, not both');
    expect(!both.ok && both.reason.zh).toContain('不能两者兼有');
    const neither = applyMove(createLab(), { by: 'network', action: 'deliver' });
    expect(!neither.ok && neither.reason.en).toBe('from: expected one of client, server');
  });

  it('a tcp-lab/1 script may name segments by id, and from/index keep working beside it', () => {
    const parsed = parseLabScript({
      format: 'tcp-lab/1',
      settings,
      moves: [
        { by: 'server', call: 'listen' },
        { by: 'client', call: 'connect' },
        { by: 'network', action: 'deliver', id: 1, expect: { server: 'SYN_RCVD' } },
        { by: 'network', action: 'deliver', from: 'server', expect: { client: 'ESTABLISHED' } },
        { by: 'network', action: 'deliver', id: 3, expect: { server: 'ESTABLISHED' } },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(runLabScript(parsed.script).failures).toEqual([]);
  });
});
