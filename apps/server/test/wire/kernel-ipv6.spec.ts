/**
 * Linux as the peer over IPv6: the same namespace, TUN device and socket, between the lab's IPv6 documentation
 * addresses (2001:db8::1 client, 2001:db8::2 server, RFC 3849) with no route out. Scenarios of the catalogue
 * played with Linux as each side agree (or differ) exactly as they do over IPv4 (kernel-agreement.json).
 * Needs root (ip netns, /dev/net/tun) and python3; CI runs as root.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { scenarioById, type Role } from '@tcp-lab/tcp-core';
import { segmentText } from '../../src/linux-peer/kernel-mirror';
import { KernelPeer, NAMESPACE_PREFIX } from '../../src/linux-peer/kernel-peer';
import { playWithLinux } from './kernel-runs';

jest.setTimeout(120_000);

const expected = JSON.parse(readFileSync(path.join(__dirname, 'kernel-agreement.json'), 'utf8')) as Record<
  string,
  Record<Role, { result: string }>
>;

const inNamespace = (namespace: string, ...command: string[]) =>
  execFileSync('ip', ['netns', 'exec', namespace, ...command], { encoding: 'utf8' });

describe('Linux as the peer over IPv6', () => {
  test('the namespace holds the lab’s IPv6 address, and no route leaves it', async () => {
    const namespace = `${NAMESPACE_PREFIX}${process.pid}-v6`;
    const peer = await KernelPeer.open({
      namespace,
      role: 'server',
      labIss: 5000,
      rtoMs: 1000,
      rfc1337: false,
      family: 6,
    });
    try {
      expect(inNamespace(namespace, 'ip', '-6', 'addr', 'show', 'dev', 'tl0')).toContain(
        'inet6 2001:db8::2/64',
      );
      const routes6 = inNamespace(namespace, 'ip', '-6', 'route', 'show', 'table', 'all');
      expect(routes6).toContain('2001:db8::/64 dev tl0');
      expect(routes6).not.toMatch(/^default/m);
      expect(inNamespace(namespace, 'ip', '-4', 'route', 'show', 'table', 'all')).not.toMatch(/^default/m);
      peer.call('listen');
      expect(await peer.state()).toBe('LISTEN');
    } finally {
      await peer.close();
    }
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(namespace);
  });

  test('a normal open and close with Linux as the server: its segments are IPv6 packets tcp-core predicted', async () => {
    const run = await playWithLinux(scenarioById('normal-open-close')!, 'server', 'linux', 6);
    expect(run.agreed).toBe(true);
    expect(run.moves.flatMap((m) => m.linux.sent.map(segmentText))).toEqual([
      'SYN,ACK seq=5000 ack=1001 len=0',
      'ACK seq=5001 ack=1002 len=0',
      'ACK,FIN seq=5001 ack=1002 len=0',
    ]);
  });

  const SCENARIOS = ['normal-open-close', 'refused', 'half-close', 'abort-established', 'lost-syn-ack'];
  for (const id of SCENARIOS)
    for (const role of ['client', 'server'] as Role[])
      test(`${id}, Linux as the ${role}: ${expected[id][role].result} over IPv6 as over IPv4`, async () => {
        const run = await playWithLinux(scenarioById(id)!, role, 'linux', 6);
        expect(run.agreed ? 'agreed' : 'differs').toBe(expected[id][role].result);
      });
});
