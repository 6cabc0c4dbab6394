/**
 * The scenario catalogue: named tcp-lab/1 scripts, one per seed path and special transition.
 *
 * Each script lives in its own JSON file next to this one so that a teacher can run it with the CLI
 * (`npx tcp-lab run libs/tcp-core/src/scenarios/<id>.json`) and the server can start a lab from it.
 * A scenario's goal is met when the listed states hold and, if `goalRuleId` is set, the transcript shows
 * that rule being taken (reaching CLOSED/CLOSED again proves nothing by itself).
 */
import type { LabScript, Scenario } from '../api';
import type { Lab, Transcript } from '../types';
import normalOpenClose from './normal-open-close.json';
import refused from './refused.json';
import connectTimeout from './connect-timeout.json';
import lostSyn from './lost-syn.json';
import lostSynAck from './lost-syn-ack.json';
import listenThenConnect from './listen-then-connect.json';
import synRcvdReset from './syn-rcvd-reset.json';
import closeInSynRcvd from './close-in-syn-rcvd.json';
import simultaneousOpen from './simultaneous-open.json';
import finAckTogether from './fin-ack-together.json';
import simultaneousClose from './simultaneous-close.json';
import lostFin from './lost-fin.json';
import timeWaitLostAck from './time-wait-lost-ack.json';
import abortEstablished from './abort-established.json';
import halfClose from './half-close.json';
import blindReset from './blind-reset.json';
import stackNormalOpen from './stack-normal-open.json';
import timeWaitRfc1337 from './time-wait-rfc1337.json';
import linuxAbort from './linux-abort.json';
import linuxSynAckAgain from './linux-syn-ack-again.json';
import zeroWindow from './zero-window.json';
import closeUnread from './close-unread.json';
import shutdownVsClose from './shutdown-vs-close.json';
import oldDuplicateTimeWait from './old-duplicate-time-wait.json';
import oldDuplicateShortTimeWait from './old-duplicate-short-time-wait.json';

/** JSON imports are typed loosely (flags as string[]); the scenario spec runs every script through the parser. */
const script = (json: unknown): LabScript => json as LabScript;

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'normal-open-close',
    title: { en: 'Normal open and close', zh: '正常的建立与关闭' },
    goal: {
      en: 'Walk the blue client path and the red server path: three-way handshake, four-way close, then wait out TIME_WAIT.',
      zh: '走完蓝色的客户端路径和红色的服务端路径：三次握手、四次挥手，最后等 TIME_WAIT 结束。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'time-wait--timeout--closed',
    script: script(normalOpenClose),
  },
  {
    id: 'refused',
    title: { en: 'Connection refused', zh: '连接被拒绝' },
    goal: {
      en: 'Connect to a server that is not listening and watch the RST close SYN_SENT at once.',
      zh: '向一个没有监听的服务器发起连接，观察 RST 如何让 SYN_SENT 立即关闭。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'syn-sent--rst--closed',
    script: script(refused),
  },
  {
    id: 'connect-timeout',
    title: { en: 'Connect timeout', zh: '连接超时' },
    goal: {
      en: 'Lose every SYN: the client retransmits with a doubling timeout until the connect timer gives up.',
      zh: '让每个 SYN 都丢失：客户端以加倍的超时不断重传，直到连接计时器放弃。',
    },
    goalStates: { client: 'CLOSED' },
    goalRuleId: 'syn-sent--timeout--closed',
    script: script(connectTimeout),
  },
  {
    id: 'lost-syn',
    title: { en: 'A lost SYN', zh: 'SYN 丢失' },
    goal: {
      en: 'Drop the first SYN, let the retransmission timer resend it, and still establish the connection.',
      zh: '丢弃第一个 SYN，让重传计时器重发它，最终仍然建立连接。',
    },
    goalStates: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    goalRuleId: 'syn-sent--rto--syn-sent',
    script: script(lostSyn),
  },
  {
    id: 'lost-syn-ack',
    title: { en: 'A lost SYN,ACK', zh: 'SYN,ACK 丢失' },
    goal: {
      en: "Drop the server's SYN,ACK: both ends retransmit, and the server answers the client's duplicate SYN with a plain ACK.",
      zh: '丢弃服务器的 SYN,ACK：双方都会重传；对客户端重复的 SYN，服务器只回复一个普通的 ACK。',
    },
    goalStates: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    goalRuleId: 'syn-rcvd--rto--syn-rcvd',
    script: script(lostSynAck),
  },
  {
    id: 'listen-then-connect',
    title: { en: 'LISTEN to SYN_SENT', zh: '从 LISTEN 到 SYN_SENT' },
    goal: {
      en: 'Client, call listen() first: you will receive the SYN. Then the listening server calls connect(): its passive open becomes an active one, and the handshake runs the other way round.',
      zh: '客户端请先调用 listen()：由你来接收 SYN。然后正在监听的服务器调用 connect()：被动打开转为主动打开，握手方向与平常相反。',
    },
    goalStates: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    goalRuleId: 'listen--connect--syn-sent',
    script: script(listenThenConnect),
  },
  {
    id: 'syn-rcvd-reset',
    title: { en: 'SYN_RCVD back to LISTEN', zh: '从 SYN_RCVD 回到 LISTEN' },
    goal: {
      en: "The client gives up in the middle of the handshake: after its SYN arrives, the client calls abort(). The server's SYN,ACK then reaches a closed client, which answers with a reset, and the reset sends the server back to LISTEN. Then connect() again.",
      zh: '客户端在握手中途放弃：SYN 送达服务器后，客户端调用 abort()。服务器的 SYN,ACK 随后到达已关闭的客户端，客户端回以 RST，这个 RST 让服务器回到 LISTEN。然后再次调用 connect()。',
    },
    goalStates: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    goalRuleId: 'syn-rcvd--rst--listen',
    script: script(synRcvdReset),
  },
  {
    id: 'close-in-syn-rcvd',
    title: { en: 'Close in SYN_RCVD', zh: '在 SYN_RCVD 关闭' },
    goal: {
      en: 'The server closes before the handshake ends: it sends FIN from SYN_RCVD and closes the orderly way.',
      zh: '握手结束前服务器就关闭：它在 SYN_RCVD 发出 FIN，按正常流程关闭连接。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'syn-rcvd--close--fin-wait-1',
    script: script(closeInSynRcvd),
  },
  {
    id: 'simultaneous-open',
    title: { en: 'Simultaneous open', zh: '同时打开' },
    goal: {
      en: 'Both endpoints connect; the SYNs cross and both pass through SYN_RCVD to ESTABLISHED.',
      zh: '双方同时发起连接；两个 SYN 在途中交错，双方都经由 SYN_RCVD 进入 ESTABLISHED。',
    },
    goalStates: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    goalRuleId: 'syn-sent--syn--syn-rcvd',
    script: script(simultaneousOpen),
  },
  {
    id: 'fin-ack-together',
    title: { en: 'FIN and ACK in one segment', zh: 'FIN 与 ACK 合在一个报文段' },
    goal: {
      en: "The server's ACK of the client's FIN is lost and its FIN,ACK acknowledges the client's FIN: FIN_WAIT_1 goes straight to TIME_WAIT.",
      zh: '服务器对客户端 FIN 的 ACK 丢失，随后它的 FIN,ACK 确认了客户端的 FIN：FIN_WAIT_1 直接进入 TIME_WAIT。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'fin-wait-1--fin-ack--time-wait',
    script: script(finAckTogether),
  },
  {
    id: 'simultaneous-close',
    title: { en: 'Simultaneous close', zh: '同时关闭' },
    goal: {
      en: 'Both endpoints close; the FINs cross, both go through CLOSING to TIME_WAIT.',
      zh: '双方同时关闭；两个 FIN 在途中交错，双方都经由 CLOSING 进入 TIME_WAIT。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'fin-wait-1--fin--closing',
    script: script(simultaneousClose),
  },
  {
    id: 'lost-fin',
    title: { en: 'A lost FIN', zh: 'FIN 丢失' },
    goal: {
      en: "Drop the client's FIN: FIN_WAIT_1 retransmits it and the close completes.",
      zh: '丢弃客户端的 FIN：FIN_WAIT_1 重传它，关闭过程照常完成。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'fin-wait-1--rto--fin-wait-1',
    script: script(lostFin),
  },
  {
    id: 'time-wait-lost-ack',
    title: { en: 'Why TIME_WAIT exists', zh: '为什么需要 TIME_WAIT' },
    goal: {
      en: 'The last ACK is lost; TIME_WAIT answers the retransmitted FIN and restarts its 2MSL timer.',
      zh: '最后一个 ACK 丢失；TIME_WAIT 确认对方重传的 FIN，并重新开始 2MSL 计时。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'time-wait--fin--time-wait',
    script: script(timeWaitLostAck),
  },
  {
    id: 'abort-established',
    title: { en: 'Abort with RST', zh: '用 RST 中止连接' },
    goal: {
      en: 'Abort an established connection: one RST closes both sides, with no FIN and no TIME_WAIT.',
      zh: '中止一个已建立的连接：一个 RST 就关闭了双方，没有 FIN，也没有 TIME_WAIT。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'established--rst--closed',
    script: script(abortEstablished),
  },
  {
    id: 'half-close',
    title: { en: 'Half-close', zh: '半关闭' },
    goal: {
      en: "After the client's FIN the server is in CLOSE_WAIT and may still send data; the client in FIN_WAIT_2 still receives it.",
      zh: '收到客户端的 FIN 后，服务器处于 CLOSE_WAIT，仍可发送数据；处于 FIN_WAIT_2 的客户端照常接收。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'close-wait--send--close-wait',
    script: script(halfClose),
  },
  {
    id: 'blind-reset',
    title: { en: 'Only an exact RST resets', zh: '只有序号精确的 RST 才能复位' },
    goal: {
      en: 'An in-window RST with the wrong sequence number gets a challenge ACK (RFC 5961); an exact one closes the client, and the server discovers the half-open connection when it sends.',
      zh: '落在窗口内但序号不对的 RST 只换来挑战 ACK（RFC 5961）；序号精确的 RST 关闭了客户端，服务器在下次发送数据时发现连接已半开。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'any--unacceptable--any',
    script: script(blindReset),
  },
  {
    id: 'stack-normal-open',
    title: { en: 'Be the stack: three-way handshake', zh: '扮演协议栈：三次握手' },
    goal: {
      en: 'In stack mode, answer for each endpoint: the state it enters and the exact segments it sends, with their sequence and acknowledgment numbers.',
      zh: '在协议栈模式下替每个端点作答：它进入的状态，以及它发出的报文段（包括序号和确认号）。',
    },
    goalStates: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    goalRuleId: 'syn-rcvd--ack--established',
    script: script(stackNormalOpen),
  },
  {
    id: 'time-wait-rfc1337',
    title: { en: 'RFC 1337: TIME_WAIT ignores RST', zh: 'RFC 1337：TIME_WAIT 忽略 RST' },
    goal: {
      en: 'With the rfc1337 setting on, a forged or old RST reaches the client in TIME_WAIT and is ignored; only the 2MSL timer ends TIME_WAIT.',
      zh: '开启 rfc1337 设置后，一个伪造的或旧的 RST 到达处于 TIME_WAIT 的客户端并被忽略；只有 2MSL 计时器才能结束 TIME_WAIT。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'time-wait--rst--time-wait',
    script: script(timeWaitRfc1337),
  },
  {
    id: 'linux-abort',
    title: { en: 'Linux profile: abort with RST,ACK', zh: 'Linux 配置：以 RST,ACK 中止' },
    goal: {
      en: 'In the linux profile the client aborts an established connection: it sends RST,ACK (RFC 9293 sends a bare RST) and the server is reset.',
      zh: '在 linux 配置下，客户端中止一个已建立的连接：它发出 RST,ACK（RFC 9293 发送不带 ACK 的 RST），服务器被复位。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'any--abort-rst-ack--closed',
    script: script(linuxAbort),
  },
  {
    id: 'linux-syn-ack-again',
    title: {
      en: 'Linux profile: the SYN,ACK again, at once',
      zh: 'Linux 配置：立即重发 SYN,ACK',
    },
    goal: {
      en: "The server's SYN,ACK is lost twice. When the client's retransmitted SYN arrives, a Linux server sends the SYN,ACK again at once and the handshake completes; under RFC 9293 the same SYN only earns an ACK that the client drops, and the handshake waits for the server's timer.",
      zh: '服务器的 SYN,ACK 两次丢失。客户端重传的 SYN 到达时，Linux 服务器立即重发 SYN,ACK，握手得以完成；在 RFC 9293 下，同一个 SYN 只换来一个会被客户端丢弃的 ACK，握手只能等服务器的计时器超时。',
    },
    goalStates: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    goalRuleId: 'syn-rcvd--syn-again--syn-rcvd',
    script: script(linuxSynAckAgain),
  },
  {
    id: 'zero-window',
    title: { en: 'Zero window and its probe', zh: '零窗口与窗口探测' },
    goal: {
      en: 'The server does not read: its window shrinks to zero, the client holds its data back and probes with the persist timer; a read reopens the window and the data flows.',
      zh: '服务器不读取数据：它的窗口缩小到零，客户端暂缓发送并用坚持计时器探测；一次 read 重新打开窗口，数据继续传输。',
    },
    goalStates: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    goalRuleId: 'any--window-open--any',
    script: script(zeroWindow),
  },
  {
    id: 'close-unread',
    title: { en: 'close() with unread data sends RST', zh: '带着未读数据调用 close() 会发送 RST' },
    goal: {
      en: 'Data arrives that the server never reads; its close() then resets the connection instead of sending a FIN.',
      zh: '服务器收到数据却从未读取；随后它调用 close()，连接被复位，而不是发送 FIN。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'any--close-unread--closed',
    script: script(closeUnread),
  },
  {
    id: 'shutdown-vs-close',
    title: { en: 'close() stops receiving (Linux)', zh: 'close() 会停止接收（Linux）' },
    goal: {
      en: 'Under the linux profile, the client closes with close(), not shutdown(); the server still sends data, which is answered with RST.',
      zh: '在 linux 配置下，客户端用 close() 而不是 shutdown() 关闭；服务器仍然发送数据，收到的回应是 RST。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'any--data-after-close--closed',
    script: script(shutdownVsClose),
  },
  {
    id: 'old-duplicate-time-wait',
    title: { en: 'Why TIME_WAIT exists: old duplicates', zh: 'TIME_WAIT 存在的原因：旧的重复报文段' },
    goal: {
      en: 'A delayed copy of old data is still in the network when the connection closes. TIME_WAIT keeps the port pair from being reused; when the old segment arrives it is only acknowledged, and it dies within 2 MSL.',
      zh: '连接关闭时，一份被延迟的旧数据副本仍在网络中。TIME_WAIT 使这对端口暂时不能被重新使用；旧报文段到达时只会被确认，并在 2 MSL 内消失。',
    },
    goalStates: { client: 'CLOSED', server: 'CLOSED' },
    goalRuleId: 'any--unacceptable--any',
    script: script(oldDuplicateTimeWait),
  },
  {
    id: 'old-duplicate-short-time-wait',
    title: {
      en: 'TIME_WAIT cut short: an old duplicate corrupts a new connection',
      zh: 'TIME_WAIT 被缩短：旧的重复报文段破坏了新连接',
    },
    goal: {
      en: "With TIME_WAIT cut to 1 s (setting timers.timeWaitMs), the same ports are used again at once. The old delayed data then arrives inside the new connection's window and is accepted as if the new server had sent it.",
      zh: 'TIME_WAIT 被缩短为 1 秒（设置 timers.timeWaitMs），同一对端口立即被再次使用。随后，被延迟的旧数据落在新连接的窗口内，被当作新服务器发送的数据接收了。',
    },
    goalStates: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    goalRuleId: 'established--data--established',
    script: script(oldDuplicateShortTimeWait),
  },
];

/** The scenario with this id, or undefined. */
export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.id === id);
}

/**
 * Both listed goal states hold and, when the scenario names a rule, some transcript entry took it.
 * Without a transcript a scenario that names a rule cannot be confirmed, so the answer is false.
 */
export function goalReached(scenario: Scenario, lab: Lab, transcript?: Transcript): boolean {
  const { client, server } = scenario.goalStates;
  if (client !== undefined && lab.client.state !== client) return false;
  if (server !== undefined && lab.server.state !== server) return false;
  if (scenario.goalRuleId === undefined) return true;
  if (transcript === undefined) return false;
  return transcript.entries.some((entry) =>
    entry.transitions.some((taken) => taken.ruleId === scenario.goalRuleId),
  );
}
