/**
 * Linux as the peer, for the labs: per lab, at most one endpoint played by the real kernel (a KernelPeer in a
 * namespace of its own), followed entry by entry (KernelMirror). Off unless LINUX_PEER is set and the server may
 * create network namespaces; checked once at start, and where it may not, said once in the log and refused by
 * the API (`availability()`).
 *
 * The narrow interface the labs master uses (see apps/server/README.md, "Linux as the peer"):
 *   open(labId, role, settings)            Linux plays `role` from now on (a fresh namespace)
 *   follow(labId, entry, before, after)    after each recorded entry: what Linux did beside tcp-core, or null
 *   sync(labId, {status, round, ...})      after a control: ended -> namespace deleted; new round -> fresh one
 *   close(labId)                           Linux no longer plays: the namespace is deleted
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import type { Bilingual, Lab, LabSettings, Role, TranscriptEntry } from '@tcp-lab/tcp-core';
import type { EntryWithKernel, LinuxPeerAvailability } from '@tcp-lab/lab-protocol';
import { AppConfig } from '../config/app-config';
import { KernelMirror, type KernelMove } from './kernel-mirror';
import { KernelPeer, NAMESPACE_PREFIX, deleteNamespace, peerSettings, strayNamespaces } from './kernel-peer';

const run = promisify(execFile);

export type { LinuxPeerAvailability, EntryWithKernel } from '@tcp-lab/lab-protocol';

/** Checks that this process may make a namespace with a TUN device and run the bridge; the reason if not. */
export type CapabilityProbe = () => Promise<Bilingual | null>;

export const LINUX_PEER_PROBE = Symbol('LINUX_PEER_PROBE');

/**
 * The real check, as a lab would use it: /dev/net/tun opens, python3 runs, and a Linux peer starts (a namespace is
 * created, its TUN device gets the lab's address and route) and is removed again. Creating a namespace needs
 * CAP_SYS_ADMIN and configuring its device CAP_NET_ADMIN: root has both; a container needs both added.
 */
export const probeKernel: CapabilityProbe = async () => {
  try {
    await access('/dev/net/tun', constants.R_OK | constants.W_OK);
  } catch {
    return {
      en: 'this server cannot open /dev/net/tun (in Docker: add the device /dev/net/tun)',
      zh: '本服务器无法打开 /dev/net/tun（在 Docker 中：需要添加设备 /dev/net/tun）',
    };
  }
  try {
    await run('python3', ['--version']);
  } catch {
    return {
      en: 'python3 is not installed (the kernel bridge is a python3 script)',
      zh: '没有安装 python3（内核桥接程序是一个 python3 脚本）',
    };
  }
  try {
    const trial = await KernelPeer.open({
      namespace: `${NAMESPACE_PREFIX}${process.pid}-probe`,
      role: 'server',
      labIss: 0,
      rtoMs: 1000,
      rfc1337: false,
    });
    await trial.close();
  } catch (error) {
    return {
      en: `this server may not create network namespaces with a TUN device (it needs root, or CAP_SYS_ADMIN and CAP_NET_ADMIN): ${firstLine(error)}`,
      zh: `本服务器无权创建带 TUN 设备的网络命名空间（需要 root，或者 CAP_SYS_ADMIN 和 CAP_NET_ADMIN）：${firstLine(error)}`,
    };
  }
  return null;
};

/**
 * The lab's RTO in real milliseconds at the server's pace (LAB_TIME_SCALE lab ms per real ms), within what Linux
 * takes as a route's rto_min, so Linux retransmits data and FINs when the lab's clock says (its SYN and SYN,ACK
 * timers are fixed at 1 s: rule long-clock-move covers a lab that runs slower).
 */
export const realRto = (rtoMs: number, labTimeScale: number): number =>
  Math.round(Math.min(120_000, Math.max(200, rtoMs / labTimeScale)));

const firstLine = (error: unknown) =>
  String((error as { stderr?: string }).stderr || (error as Error).message || error)
    .trim()
    .split('\n')[0];

interface LabPeer {
  role: Role;
  /** IPv4 or IPv6 between the lab's documentation addresses */
  family: 4 | 6;
  /** the lab's round Linux plays in (a new round is a fresh connection) */
  round: number;
  peer: KernelPeer;
  mirror: KernelMirror;
  moves: KernelMove[];
  /** one entry at a time, in order, even if a caller does not wait */
  queue: Promise<unknown>;
}

@Injectable()
export class LinuxPeerService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('LinuxPeer');
  private readonly labs = new Map<string, LabPeer>();
  private state: LinuxPeerAvailability = {
    available: false,
    reason: { en: 'not checked yet', zh: '尚未检查' },
  };
  private namespaces = 0;

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(LINUX_PEER_PROBE) private readonly probe: CapabilityProbe = probeKernel,
  ) {}

  async onModuleInit(): Promise<void> {
    // a crashed server's namespaces go whatever this one may do (a restart without LINUX_PEER too); where this
    // process may not delete them (not root), the one that made them could not either: nothing to clean here
    for (const name of await strayNamespaces().catch(() => [])) await deleteNamespace(name);
    if (!this.config.linuxPeer) {
      this.state = {
        available: false,
        reason: {
          en: 'Linux as the peer is turned off on this server (LINUX_PEER is not set)',
          zh: '本服务器没有开启“由 Linux 扮演对端”（未设置 LINUX_PEER）',
        },
      };
      return;
    }
    const why = await this.probe();
    if (why) {
      this.state = { available: false, reason: why };
      // said once, here: the API answers every later request with the same reason
      this.logger.warn(`LINUX_PEER is set but Linux cannot play a lab's endpoint: ${why.en}`);
      return;
    }
    this.state = { available: true };
    this.logger.log('Linux can play a lab endpoint (network namespaces and /dev/net/tun work)');
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.labs.keys()].map((labId) => this.close(labId)));
  }

  availability(): LinuxPeerAvailability {
    return this.state;
  }

  /** The IP version Linux plays over in this lab, or null. */
  familyIn(labId: string): 4 | 6 | null {
    return this.labs.get(labId)?.family ?? null;
  }

  /** The endpoint Linux plays in this lab, or null. */
  roleIn(labId: string): Role | null {
    return this.labs.get(labId)?.role ?? null;
  }

  /** What Linux did in this lab so far (this round), beside what tcp-core predicted. */
  movesOf(labId: string): KernelMove[] {
    return this.labs.get(labId)?.moves ?? [];
  }

  /**
   * Linux plays `role` in this lab from now on (this round), in a namespace of its own. `listening`: the side's
   * application has already listened (the built-in program does as a lab starts), so Linux's socket listens too.
   * `family`: IPv4 (192.0.2.0/24) or IPv6 (2001:db8::/64) between the lab's documentation addresses.
   */
  async open(
    labId: string,
    role: Role,
    settings: LabSettings,
    round = 1,
    listening = false,
    family: 4 | 6 = 4,
  ): Promise<void> {
    if (!this.state.available) throw new Error(this.state.reason.en);
    await this.close(labId);
    const peer = await KernelPeer.open({
      namespace: `${NAMESPACE_PREFIX}${process.pid}-${++this.namespaces}`,
      role,
      labIss: settings.isn[role],
      rtoMs: realRto(settings.timers.rtoMs, this.config.labTimeScale),
      ...peerSettings(settings),
      family,
    });
    if (listening) {
      peer.call('listen');
      const state = await peer.state().catch(() => 'CLOSED' as const);
      if (state !== 'LISTEN') {
        await peer.close();
        throw new Error(`Linux's socket did not listen (it is ${state})`);
      }
    }
    this.labs.set(labId, {
      role,
      family,
      round,
      peer,
      mirror: new KernelMirror(peer, 'real'),
      moves: [],
      queue: Promise.resolve(),
    });
    this.logger.log(
      `lab ${labId}: Linux plays the ${role} over IPv${family} (namespace ${peer.options.namespace})`,
    );
  }

  /**
   * After the labs master recorded `entry` (the lab went from `before` to `after`): the kernel does it too.
   * Returns what Linux did beside tcp-core's prediction, or null when Linux plays no side of this lab or the
   * entry does not concern its endpoint.
   */
  follow(labId: string, entry: TranscriptEntry, before: Lab, after: Lab): Promise<KernelMove | null> {
    const lab = this.labs.get(labId);
    if (!lab) return Promise.resolve(null);
    const next = lab.queue.then(async () => {
      if (this.labs.get(labId) !== lab) return null; // closed meanwhile
      try {
        const move = await lab.mirror.follow(entry, before, after);
        if (move) {
          lab.moves.push(move);
          if (!move.agreed)
            this.logger.log(
              `lab ${labId} step ${move.step}: Linux differs from tcp-core: ${move.differences.map((d) => d.what.en).join('; ')}`,
            );
        }
        return move;
      } catch (error) {
        // the lab goes on with tcp-core's endpoint: a broken kernel bridge must not stop a class
        this.logger.error(`lab ${labId}: the Linux peer failed, Linux no longer plays: ${String(error)}`);
        this.labs.delete(labId);
        void lab.peer.close();
        return null;
      }
    });
    lab.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * After the lab's status or round changed (a control): an ended lab, or one where a student now plays Linux's
   * side, lets Linux go (its namespace is deleted); a new round gives Linux a fresh connection, the same side.
   */
  async sync(
    labId: string,
    lab: { status: string; round: number; settings: LabSettings; seats: Record<Role, string | null> },
  ): Promise<void> {
    const current = this.labs.get(labId);
    if (!current) return;
    if (lab.status === 'ended' || lab.seats[current.role] !== null) return this.close(labId);
    if (lab.round !== current.round)
      await this.open(labId, current.role, lab.settings, lab.round, false, current.family);
  }

  /** The lab ended (or Linux was turned off for it): the namespace is deleted. */
  async close(labId: string): Promise<void> {
    const lab = this.labs.get(labId);
    if (!lab) return;
    this.labs.delete(labId);
    await lab.queue;
    await lab.peer.close();
    this.logger.log(`lab ${labId}: Linux no longer plays (namespace ${lab.peer.options.namespace} deleted)`);
  }
}

/** The entry as the transcript shows it with Linux playing: its own fields, and what Linux did beside them. */
export function withKernel(entry: TranscriptEntry, move: KernelMove | null): EntryWithKernel {
  return move ? { ...entry, kernel: move } : entry;
}
