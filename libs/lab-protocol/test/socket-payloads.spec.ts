import { parseMove } from '@tcp-lab/tcp-core';
import { ClassWatchPayload, LabJoinPayload, LabMovePayload, MAX_ID_LENGTH } from '../src';

/** Where each refusal points, as the server's VALIDATION_FAILED reason shows it ("moveId: ..."). */
function refusedPaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.') || '(payload)');
}

describe('the lab:move envelope', () => {
  const connect = { labId: 'lab-1', moveId: 'b7f3c1e2-1', move: { by: 'client', call: 'connect' } };

  it('accepts a student making a move and keeps the move as sent', () => {
    const parsed = LabMovePayload.safeParse(connect);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(connect);
  });

  it('refuses a missing or empty move id, so a retry can always be recognised', () => {
    expect(refusedPaths(LabMovePayload.safeParse({ ...connect, moveId: '' }))).toEqual(['moveId']);
    const { moveId: _omitted, ...withoutId } = connect;
    expect(refusedPaths(LabMovePayload.safeParse(withoutId))).toEqual(['moveId']);
  });

  it(`refuses ids longer than ${MAX_ID_LENGTH} characters`, () => {
    const long = 'x'.repeat(MAX_ID_LENGTH + 1);
    expect(refusedPaths(LabMovePayload.safeParse({ ...connect, moveId: long }))).toEqual(['moveId']);
    expect(refusedPaths(LabMovePayload.safeParse({ ...connect, labId: long }))).toEqual(['labId']);
    expect(LabMovePayload.safeParse({ ...connect, moveId: 'x'.repeat(MAX_ID_LENGTH) }).success).toBe(true);
  });

  it('refuses keys the contract does not have (a client built against another version)', () => {
    expect(refusedPaths(LabMovePayload.safeParse({ ...connect, seatId: 'someone-else' }))).toEqual([
      '(payload)',
    ]);
  });

  it('refuses what is not an object at all', () => {
    for (const raw of [null, 'lab:move', 42, [connect]]) {
      expect(refusedPaths(LabMovePayload.safeParse(raw))).toEqual(['(payload)']);
    }
  });

  it("leaves the move to tcp-core's schema: the envelope passes, parseMove names the bad field", () => {
    const envelope = LabMovePayload.parse({ ...connect, move: { by: 'client', call: 'dance' } });
    const move = parseMove(envelope.move);
    expect(move.ok).toBe(false);
    if (!move.ok) expect(move.path).toBe('call');
  });
});

describe('lab:join and class:watch', () => {
  it('take exactly one id', () => {
    expect(LabJoinPayload.safeParse({ labId: 'lab-1' }).success).toBe(true);
    expect(refusedPaths(LabJoinPayload.safeParse({ labId: 7 }))).toEqual(['labId']);
    expect(ClassWatchPayload.safeParse({ classroomId: 'class-1' }).success).toBe(true);
    expect(refusedPaths(ClassWatchPayload.safeParse({ labId: 'lab-1' }))).toEqual([
      'classroomId',
      '(payload)',
    ]);
  });
});
