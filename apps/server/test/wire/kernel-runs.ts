/**
 * Plays a catalogue scenario with Linux as one endpoint: tcp-core (`linux` profile) runs the lab and predicts,
 * the kernel does the same moves for its side (KernelMirror), and every Linux move is set beside the prediction.
 */
import {
  applyMove,
  createLab,
  toTranscriptEntry,
  type Profile,
  type Role,
  type Scenario,
} from '@tcp-lab/tcp-core';
import { KernelMirror, type KernelMove } from '../../src/linux-peer/kernel-mirror';
import { KernelPeer, NAMESPACE_PREFIX, peerSettings } from '../../src/linux-peer/kernel-peer';

/** Scenarios a socket program cannot play on one side, and why (the agreement table lists them). */
export const NOT_PLAYABLE: Record<string, Partial<Record<Role, string>>> = {
  'listen-then-connect': {
    server:
      'the server connects from LISTEN (RFC 9293 3.10.2 allows it); the socket API refuses connect() on a listening socket',
  },
  'close-in-syn-rcvd': {
    server:
      'the server closes in SYN_RCVD; a program can only close a connection it has accepted, and Linux hands one over only once ESTABLISHED',
  },
};

export interface KernelRun {
  scenario: string;
  role: Role;
  moves: KernelMove[];
  agreed: boolean;
}

let counter = 0;

/** Plays under the `linux` profile (what the product compares with) unless told otherwise. */
export async function playWithLinux(
  scenario: Scenario,
  role: Role,
  profile: Profile = 'linux',
  family: 4 | 6 = 4,
): Promise<KernelRun> {
  const settings = { ...scenario.script.settings, profile };
  let lab = createLab(settings);
  const peer = await KernelPeer.open({
    namespace: `${NAMESPACE_PREFIX}${process.pid}-t${counter++}`,
    role,
    labIss: lab.settings.isn[role],
    rtoMs: lab.settings.timers.rtoMs,
    ...peerSettings(lab.settings),
    family,
  });
  const mirror = new KernelMirror(peer);
  const moves: KernelMove[] = [];
  try {
    for (const [i, move] of scenario.script.moves.entries()) {
      const before = lab;
      const result = applyMove(before, move, 'system');
      const entry = toTranscriptEntry(i + 1, 'system', move, before, result);
      lab = result.lab;
      const kernelMove = await mirror.follow(entry, before, lab);
      if (kernelMove) moves.push(kernelMove);
    }
  } finally {
    await peer.close();
  }
  return { scenario: scenario.id, role, moves, agreed: moves.every((m) => m.agreed) };
}
