import { createLab } from '@tcp-lab/tcp-core';
import { LabQueue } from '../src/labs/lab-queue';
import { isStuck, STUCK_IDLE_MS, STUCK_SAME_STATE_ENTRIES } from '../src/labs/lab-views';
import type { LabRow } from '../src/labs/labs.repository';
import { checkManualPairs, pairInJoinOrder } from '../src/labs/pairing';
import { TokenBucket } from '../src/common/token-bucket';

/** The small pure parts of the labs area, each checked on its own (no server, no database, no real time). */
describe('pairing in join order', () => {
  test('pairs 1st+2nd, 3rd+4th; the first of each pair is the client', () => {
    expect(pairInJoinOrder(['a', 'b', 'c', 'd'])).toEqual([
      { client: 'a', server: 'b' },
      { client: 'c', server: 'd' },
    ]);
  });

  test('the odd one out plays the client against the built-in server', () => {
    expect(pairInJoinOrder(['a', 'b', 'c'])).toEqual([
      { client: 'a', server: 'b' },
      { client: 'c', server: null },
    ]);
    expect(pairInJoinOrder([])).toEqual([]);
  });

  test('hand-made pairs: unknown, repeated and busy seats are refused with the reason', () => {
    const seats = new Set(['a', 'b', 'c']);
    expect(checkManualPairs([{ client: 'a', server: null }], seats, new Set())).toBeNull();
    expect(checkManualPairs([{ client: null, server: null }], seats, new Set())?.code).toBe(
      'VALIDATION_FAILED',
    );
    expect(checkManualPairs([{ client: 'x', server: 'a' }], seats, new Set())?.en).toMatch(
      /not in this classroom/,
    );
    expect(
      checkManualPairs(
        [
          { client: 'a', server: 'b' },
          { client: 'b', server: null },
        ],
        seats,
        new Set(),
      )?.en,
    ).toMatch(/twice/);
    expect(checkManualPairs([{ client: 'a', server: 'c' }], seats, new Set(['c']))?.code).toBe('CONFLICT');
  });
});

describe('token bucket (per-socket flood limit)', () => {
  test('a burst up to the capacity passes, the next is refused, and tokens come back with time', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 2, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 499; // 0.998 of a token at 2 per second
    expect(bucket.take()).toBe(false);
    now += 2;
    expect(bucket.take()).toBe(true);
    now += 60_000; // never more than the capacity
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});

describe('per-lab queue', () => {
  test('tasks of one lab run one at a time in arrival order, even when an earlier one fails', async () => {
    const queue = new LabQueue();
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`${name} start`);
        await new Promise((resolve) => setImmediate(resolve));
        log.push(`${name} end`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      queue.run('lab', task('a')),
      queue.run('lab', task('b', true)),
      queue.run('lab', task('c')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  test('different labs do not wait for each other', async () => {
    const queue = new LabQueue();
    const log: string[] = [];
    let release!: () => void;
    const blocked = queue.run('slow', () =>
      new Promise<void>((resolve) => (release = resolve)).then(() => void log.push('slow')),
    );
    await queue.run('fast', async () => void log.push('fast'));
    release();
    await blocked;
    expect(log).toEqual(['fast', 'slow']);
  });
});

describe('stuck labs (the dashboard hint)', () => {
  const now = new Date('2026-11-25T10:00:00Z');
  const row = (fields: Partial<LabRow>): LabRow =>
    ({
      status: 'running',
      state: createLab(),
      roundStartedAt: new Date(now.getTime() - 1000),
      lastMoveAt: null,
      sameStateMoves: 0,
      ...fields,
    }) as LabRow;

  test(`a running lab with no move for more than ${STUCK_IDLE_MS / 1000} s is stuck`, () => {
    expect(
      isStuck(
        row({ lastMoveAt: new Date(now.getTime() - STUCK_IDLE_MS - 1), roundStartedAt: new Date(0) }),
        now,
      ),
    ).toBe(true);
    expect(
      isStuck(
        row({ lastMoveAt: new Date(now.getTime() - STUCK_IDLE_MS + 1000), roundStartedAt: new Date(0) }),
        now,
      ),
    ).toBe(false);
    // a new round counts as activity even if the last move is older
    expect(
      isStuck(row({ lastMoveAt: new Date(0), roundStartedAt: new Date(now.getTime() - 5000) }), now),
    ).toBe(false);
    expect(isStuck(row({ roundStartedAt: new Date(now.getTime() - STUCK_IDLE_MS - 1) }), now)).toBe(true);
  });

  test(`${STUCK_SAME_STATE_ENTRIES} entries in a row that change no state make a lab stuck`, () => {
    expect(isStuck(row({ sameStateMoves: STUCK_SAME_STATE_ENTRIES - 1 }), now)).toBe(false);
    expect(isStuck(row({ sameStateMoves: STUCK_SAME_STATE_ENTRIES }), now)).toBe(true);
  });

  test('a lab that is not running is never stuck', () => {
    for (const status of ['waiting', 'paused', 'ended'] as const) {
      expect(isStuck(row({ status, sameStateMoves: 99, roundStartedAt: new Date(0) }), now)).toBe(false);
    }
  });
});
