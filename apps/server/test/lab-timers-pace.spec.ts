import { LabTimers } from '../src/labs/lab-timers';

/**
 * LabTimers with a fake real clock (jest's modern fake timers move Date.now and setTimeout together): a change of
 * pace keeps the lab time already passed, a stopped clock schedules nothing.
 */
describe('LabTimers at a lab-chosen pace', () => {
  let fired: { labId: string; due: number }[];
  let timers: LabTimers;

  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    fired = [];
    timers = new LabTimers((labId, due) => fired.push({ labId, due }));
  });
  afterEach(() => {
    timers.clearAll();
    jest.useRealTimers();
  });

  test('an RTO of 1000 lab ms at 0.1× fires after 10 s of real time', () => {
    timers.schedule('lab', true, 0, 1000, 0.1);
    jest.advanceTimersByTime(9_999);
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(fired).toEqual([{ labId: 'lab', due: 1000 }]);
  });

  test('a stopped clock (0) fires nothing however long it waits', () => {
    timers.schedule('lab', true, 0, 1000, 0);
    jest.advanceTimersByTime(24 * 60 * 60 * 1000);
    expect(fired).toEqual([]);
  });

  test('stopping half way and starting again later keeps the half already passed (no jump, no restart)', () => {
    timers.schedule('lab', true, 0, 1000, 1);
    jest.advanceTimersByTime(400);
    timers.schedule('lab', true, 0, 1000, 0);
    jest.advanceTimersByTime(60_000);
    expect(fired).toEqual([]);
    timers.schedule('lab', true, 0, 1000, 10);
    jest.advanceTimersByTime(59);
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(fired).toEqual([{ labId: 'lab', due: 1000 }]);
  });

  test('rescheduling after a student move at the same pace does not restart the countdown', () => {
    timers.schedule('lab', true, 0, 1000, 1);
    jest.advanceTimersByTime(700);
    timers.schedule('lab', true, 0, 1000, 1);
    jest.advanceTimersByTime(300);
    expect(fired).toEqual([{ labId: 'lab', due: 1000 }]);
  });
});
