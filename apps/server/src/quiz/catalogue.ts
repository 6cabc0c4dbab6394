/**
 * The built-in catalogue of quiz tasks, derived from tcp-core's scenario catalogue. Most scenarios are written in
 * calls mode (tcp-core plays both stacks); `toStackScript` turns one into the stack-mode script a quiz task needs by
 * inserting, after each move, the reference answer of every endpoint that now owes one (and repeating a
 * `deliver-all` or the rest of a clock advance that stopped at such an event). The scene-setting part of a task is
 * the scenario's moves before `from`.
 */
import {
  applyMove,
  createLab,
  nextTimerDue,
  referenceAnswer,
  scenarioById,
  type Bilingual,
  type LabScript,
  type Move,
  type Role,
} from '@tcp-lab/tcp-core';
import { checkTask, type Pairing, type TaskDefinition, type TaskPlan } from './task-script';

export interface CatalogueEntry {
  id: string;
  title: Bilingual;
  /** what the student is asked to do, shown in the builder */
  brief: Bilingual;
  scenarioId: string;
  role: Role;
  pairing: Pairing;
  /** index in the scenario's own moves where the student takes over */
  from: number;
}

const ENTRIES: readonly CatalogueEntry[] = [
  {
    id: 'server-normal-open',
    title: { en: 'Play the server through a normal open', zh: '扮演服务器完成正常的连接建立' },
    brief: {
      en: 'Listen, answer the SYN, and take the final ACK of the three-way handshake.',
      zh: '监听，回应 SYN，并接收三次握手的最后一个 ACK。',
    },
    scenarioId: 'stack-normal-open',
    role: 'server',
    pairing: 'solo',
    from: 0,
  },
  {
    id: 'client-normal-open',
    title: { en: 'Play the client through a normal open', zh: '扮演客户端完成正常的连接建立' },
    brief: { en: 'Connect, then answer the SYN,ACK.', zh: '发起连接，然后回应 SYN,ACK。' },
    scenarioId: 'stack-normal-open',
    role: 'client',
    pairing: 'solo',
    from: 0,
  },
  {
    id: 'client-normal-close',
    title: { en: 'Close the connection as the client', zh: '以客户端身份关闭连接' },
    brief: {
      en: 'From ESTABLISHED: close, take the ACK, answer the FIN, and wait out TIME_WAIT.',
      zh: '从 ESTABLISHED 开始：关闭，接收 ACK，回应 FIN，并等待 TIME_WAIT 结束。',
    },
    scenarioId: 'normal-open-close',
    role: 'client',
    pairing: 'solo',
    from: 5,
  },
  {
    id: 'server-normal-close',
    title: { en: 'Close the connection as the server', zh: '以服务器身份关闭连接' },
    brief: {
      en: "From ESTABLISHED: answer the client's FIN, close, and take the last ACK.",
      zh: '从 ESTABLISHED 开始：回应客户端的 FIN，关闭，并接收最后一个 ACK。',
    },
    scenarioId: 'normal-open-close',
    role: 'server',
    pairing: 'solo',
    from: 6,
  },
  {
    id: 'fin-wait-1-fin-ack',
    title: {
      en: 'You are the client in FIN_WAIT_1 and a FIN+ACK arrives',
      zh: '你是处于 FIN_WAIT_1 的客户端，收到了 FIN+ACK',
    },
    brief: {
      en: "The server's ACK was lost; its FIN,ACK acknowledges your FIN.",
      zh: '服务器的 ACK 丢失了；它的 FIN,ACK 确认了你的 FIN。',
    },
    scenarioId: 'fin-ack-together',
    role: 'client',
    pairing: 'solo',
    from: 7,
  },
  {
    id: 'simultaneous-close',
    title: { en: 'Both sides close at once', zh: '双方同时关闭' },
    brief: {
      en: 'Close while the server closes too: the FINs cross.',
      zh: '在服务器也关闭的同时关闭：两个 FIN 在途中交错。',
    },
    scenarioId: 'simultaneous-close',
    role: 'client',
    pairing: 'pairs',
    from: 3,
  },
  {
    id: 'lost-syn',
    title: { en: 'The SYN was lost', zh: 'SYN 丢失了' },
    brief: {
      en: 'Connect; your SYN is dropped and the retransmission timer fires.',
      zh: '发起连接；你的 SYN 被丢弃，重传计时器超时。',
    },
    scenarioId: 'lost-syn',
    role: 'client',
    pairing: 'solo',
    from: 1,
  },
  {
    id: 'refused',
    title: { en: 'Connection refused', zh: '连接被拒绝' },
    brief: { en: 'Connect to a server that is not listening.', zh: '向一个没有监听的服务器发起连接。' },
    scenarioId: 'refused',
    role: 'client',
    pairing: 'solo',
    from: 0,
  },
  {
    id: 'simultaneous-open',
    title: { en: 'Both sides open at once', zh: '双方同时打开' },
    brief: {
      en: 'Connect while the server connects too: the SYNs cross.',
      zh: '在服务器也发起连接的同时发起连接：两个 SYN 在途中交错。',
    },
    scenarioId: 'simultaneous-open',
    role: 'client',
    pairing: 'pairs',
    from: 0,
  },
  {
    id: 'time-wait-lost-ack',
    title: { en: 'In TIME_WAIT the FIN comes again', zh: '在 TIME_WAIT 中再次收到 FIN' },
    brief: {
      en: 'Your last ACK was lost and the server retransmits its FIN.',
      zh: '你发出的最后一个 ACK 丢失了，服务器重传了它的 FIN。',
    },
    scenarioId: 'time-wait-lost-ack',
    role: 'client',
    pairing: 'solo',
    from: 8,
  },
];

const deliverable = (lab: ReturnType<typeof createLab>) =>
  lab.inFlight.some((s) => s.holdUntil === undefined || s.holdUntil <= lab.clock);

/** A calls-mode script as a stack-mode script with the reference answers written in; `setupMoves` counts the moves before `from`. */
export function toStackScript(source: LabScript, from: number): { script: LabScript; setupMoves: number } {
  let lab = createLab({ ...source.settings, mode: 'stack' });
  const moves: Move[] = [];
  let setupMoves = 0;
  const play = (move: Move) => {
    const result = applyMove(lab, move, 'system');
    if (!result.ok)
      throw new Error(`catalogue: ${result.code} at ${JSON.stringify(move)}: ${result.reason.en}`);
    lab = result.lab;
    moves.push(move);
  };
  const answerAll = () => {
    for (const role of ['client', 'server'] as const) {
      const reference = referenceAnswer(lab, role);
      if (reference) play({ by: role, answer: reference });
    }
  };
  source.moves.forEach((original, index) => {
    if (index === from) setupMoves = moves.length;
    const { expect, ...move } = original as Move & { expect?: { ok?: boolean } };
    if (expect?.ok === false) return; // a demonstration of a refused move, not part of the play
    if ('answer' in move) {
      const reference = referenceAnswer(lab, move.by);
      if (reference) play({ by: move.by, answer: reference });
      return;
    }
    const target = 'advance' in move ? lab.clock + move.advance : null;
    play(move as Move);
    for (let guard = 0; guard < 100; guard++) {
      answerAll();
      if (move.by === 'network' && move.action === 'deliver-all' && deliverable(lab))
        play({ by: 'network', action: 'deliver-all' });
      // a clock advance stops at a timer whose endpoint owes an answer; the rest of it (even 0 ms) comes after
      else if (target !== null && (lab.clock < target || (nextTimerDue(lab) ?? Infinity) <= target))
        play({ by: 'clock', advance: target - lab.clock });
      else break;
    }
  });
  const settings = { ...source.settings, mode: 'stack' as const };
  return { script: { format: 'tcp-lab/1', title: source.title, settings, moves }, setupMoves };
}

export interface CatalogueTask extends CatalogueEntry {
  definition: TaskDefinition;
  plan: TaskPlan;
}

function build(entry: CatalogueEntry): CatalogueTask {
  const scenario = scenarioById(entry.scenarioId);
  if (!scenario) throw new Error(`catalogue ${entry.id}: no scenario ${entry.scenarioId}`);
  const { script, setupMoves } = toStackScript(scenario.script, entry.from);
  const checked = checkTask({
    title: entry.title,
    script,
    role: entry.role,
    pairing: entry.pairing,
    setupMoves,
  });
  if (!checked.ok) throw new Error(`catalogue ${entry.id}: ${checked.error.en}`);
  return { ...entry, definition: checked.task, plan: checked.plan };
}

let built: CatalogueTask[] | null = null;

/** Every catalogue task, built once (checked like an instructor's script). */
export function catalogue(): readonly CatalogueTask[] {
  built ??= ENTRIES.map(build);
  return built;
}

export function catalogueTask(id: string): CatalogueTask | undefined {
  return catalogue().find((task) => task.id === id);
}
