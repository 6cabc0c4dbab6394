/**
 * What the program on Linux's socket does for the lab's calls (tun-bridge.py), seen in what Linux sends: `close` is
 * close() under the linux profile (the connection stops receiving) and RFC 9293's CLOSE, shutdown(SHUT_WR), under
 * rfc; `read` takes what waits. Needs root (ip netns, /dev/net/tun) and python3, as kernel-agreement.spec.ts.
 */
import { SCENARIOS } from '@tcp-lab/tcp-core';
import { segmentText } from '../../src/linux-peer/kernel-mirror';
import { playWithLinux, type KernelRun } from './kernel-runs';

const scenario = (id: string) => {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found;
};
const sentAt = (run: KernelRun, step: number) =>
  run.moves.find((m) => m.step === step)?.linux.sent.map(segmentText);

describe('the lab’s close, shutdown and read on Linux’s socket', () => {
  test('half-close, Linux as the client, rfc profile: close is shutdown(SHUT_WR), so FIN_WAIT_2 still takes the server’s data', async () => {
    const run = await playWithLinux(scenario('half-close'), 'client', 'rfc');
    // step 8 delivers the server's 200 octets: acknowledged, not reset
    expect(sentAt(run, 8)).toEqual(['ACK seq=1002 ack=5201 len=0']);
    expect(run.moves.find((m) => m.step === 8)?.linux.state).toBe('FIN_WAIT_2');
    expect(run.agreed).toBe(true);
  }, 60_000);

  test('half-close, Linux as the client, linux profile: close is close(), so the server’s data is answered with RST', async () => {
    const run = await playWithLinux(scenario('half-close'), 'client');
    expect(sentAt(run, 8)).toEqual(['RST seq=1002 len=0']);
    expect(run.moves.find((m) => m.step === 8)?.linux.state).toBe('CLOSED');
  }, 60_000);

  test('close-unread, Linux as the server (appReads call): close() with 100 octets unread sends RST,ACK', async () => {
    const run = await playWithLinux(scenario('close-unread'), 'server');
    expect(sentAt(run, 6)).toEqual(['ACK,RST seq=5001 ack=1101 len=0']);
  }, 60_000);

  test('zero-window, Linux as the server: a read after the window filled sends the window update', async () => {
    const run = await playWithLinux(scenario('zero-window'), 'server');
    expect(sentAt(run, 9)).toEqual(['ACK seq=5001 ack=2001 len=0']);
  }, 60_000);
});
