/**
 * The built-in catalogue of quiz tasks: what each asks and of whom. The tasks themselves are tcp-core's: a
 * scenario made a stack-mode script (`stackScenario`, the student taking over at the scenario's move `from`) and
 * planned like an instructor's script (`planTask`).
 */
import {
  planTask,
  stackScenario,
  type Bilingual,
  type Role,
  type StackTask,
  type TaskPlan,
} from '@tcp-lab/tcp-core';
import type { QuizPairing } from '@tcp-lab/lab-protocol';

export interface CatalogueEntry {
  id: string;
  title: Bilingual;
  /** what the student is asked to do, shown in the builder */
  brief: Bilingual;
  scenarioId: string;
  role: Role;
  pairing: QuizPairing;
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

export interface CatalogueTask extends CatalogueEntry {
  definition: StackTask;
  plan: TaskPlan;
}

/** A built-in task that does not build is a bug of this file or of a scenario: it stops the server at start. */
function build(entry: CatalogueEntry): CatalogueTask {
  const stack = stackScenario(entry.scenarioId, entry.from);
  if (!stack.ok) throw new Error(`catalogue ${entry.id}: ${stack.error}`);
  const checked = planTask({ script: stack.script, role: entry.role, setupMoves: stack.setupMoves });
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
