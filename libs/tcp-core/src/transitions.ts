/**
 * The transition table: the seed's state diagram as data, one row per rule.
 *
 * The web draws the diagram from these rows, the tests enumerate them, the README lists them, and the reference
 * machine (endpoint.ts) tags every transition it takes with a row's `id` (`<from>--<event>--<to>`).
 * Rows are grouped by the state they leave. Self-loops (from === to) are rules too: the diagram hides them,
 * the grader uses them.
 *
 * `path` follows the seed's colours: blue arrows are 'client-normal', red arrows are 'server-normal',
 * everything else is 'special'. `seed` names the section of the seed a row comes from ('RFC only' where the seed
 * is silent); `rfc` names the RFC 9293 section that decides the rule. Where the seed's prose and RFC 9293 differ,
 * the row follows the RFC and its explanation says so.
 */
import type { LabSettings, RuleCondition, State, TransitionRow, TransitionRule } from './types';

const ROWS = [
  // ───────────────────────────── CLOSED ─────────────────────────────
  {
    id: 'closed--listen--listen',
    from: 'CLOSED',
    to: 'LISTEN',
    event: { kind: 'call', label: 'appl: listen' },
    emits: '',
    path: 'server-normal',
    seed: '服务端正常状态变迁 1',
    rfc: 'RFC 9293 3.10.1',
    explain: {
      en: 'The application calls listen(): a passive open. The endpoint now waits for a SYN and sends nothing yet.',
      zh: '应用程序调用 listen()，即被动打开：端点开始等待对方的 SYN，此时还不发送任何报文段。',
    },
  },
  {
    id: 'closed--connect--syn-sent',
    from: 'CLOSED',
    to: 'SYN_SENT',
    event: { kind: 'call', label: 'appl: connect' },
    emits: 'SYN',
    path: 'client-normal',
    seed: '客户端正常状态变迁 1',
    rfc: 'RFC 9293 3.10.1',
    explain: {
      en: 'The application calls connect(): an active open. TCP picks its initial sequence number ISS, sends SYN with SEQ=ISS and waits for the SYN,ACK.',
      zh: '应用程序调用 connect()，即主动打开：TCP 选定初始序号 ISS，发出 SEQ=ISS 的 SYN，然后等待对方的 SYN,ACK。',
    },
  },
  {
    id: 'closed--syn--closed',
    from: 'CLOSED',
    to: 'CLOSED',
    event: { kind: 'segment', label: 'rcv SYN' },
    emits: 'RST,ACK',
    path: 'special',
    seed: '特殊状态变迁 (1) SYN_SENT→CLOSED',
    rfc: 'RFC 9293 3.10.7.1',
    explain: {
      en: 'A SYN reaches a port where nobody listens. There is no connection to create, so TCP answers RST,ACK with ACK=SEG.SEQ+1 (acknowledging the SYN) and stays CLOSED. This is how a client learns "connection refused".',
      zh: 'SYN 到达一个无人监听的端口。这里没有可以建立的连接，TCP 回复 RST,ACK，其 ACK=SEG.SEQ+1（确认该 SYN），自身仍是 CLOSED。客户端由此得知“连接被拒绝”。',
    },
  },

  // ───────────────────────────── LISTEN ─────────────────────────────
  {
    id: 'listen--syn--syn-rcvd',
    from: 'LISTEN',
    to: 'SYN_RCVD',
    event: { kind: 'segment', label: 'rcv SYN' },
    emits: 'SYN,ACK',
    path: 'server-normal',
    seed: '服务端正常状态变迁 2',
    rfc: 'RFC 9293 3.10.7.2',
    explain: {
      en: "A SYN reaches the listening server. It records the client's sequence number (IRS), picks its own ISS and answers SYN,ACK: one segment that both sends its own SYN and acknowledges the client's. Data on the SYN is queued, not yet acknowledged, and processed once the connection is established (RFC 9293 3.10.7.2).",
      zh: '监听中的服务器收到 SYN：记下客户端的初始序号 IRS，选定自己的 ISS，回复 SYN,ACK——一个报文段既发出自己的 SYN，又确认了客户端的 SYN。SYN 上携带的数据先排队、暂不确认，等连接建立后再处理（RFC 9293 3.10.7.2）。',
    },
  },
  {
    id: 'listen--connect--syn-sent',
    from: 'LISTEN',
    to: 'SYN_SENT',
    event: { kind: 'call', label: 'appl: connect' },
    emits: 'SYN',
    path: 'special',
    seed: '特殊状态变迁 (1) LISTEN→SYN_SENT',
    rfc: 'RFC 9293 3.10.2',
    explain: {
      en: 'A listening endpoint is asked to connect to a known peer. RFC 9293 (SEND or active OPEN in LISTEN) turns the passive open into an active one: it sends SYN and enters SYN_SENT. Socket programs rarely do this, but TCP allows it.',
      zh: '正在监听的端点被要求主动连接某个已知对端。RFC 9293（LISTEN 状态下的 SEND 或主动 OPEN）把被动打开转为主动打开：发送 SYN，进入 SYN_SENT。套接字程序很少这样做，但协议允许。',
    },
  },
  {
    id: 'listen--close--closed',
    from: 'LISTEN',
    to: 'CLOSED',
    event: { kind: 'call', label: 'appl: close' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.4',
    explain: {
      en: 'The server stops listening. No connection exists yet, so nothing is sent and the TCB is deleted.',
      zh: '服务器停止监听。此时还没有任何连接，因此不发送报文段，直接删除 TCB。',
    },
  },
  {
    id: 'listen--abort--closed',
    from: 'LISTEN',
    to: 'CLOSED',
    event: { kind: 'call', label: 'appl: abort' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.5',
    explain: {
      en: 'Aborting a listening endpoint is the same as closing it: there is no peer to reset, so no RST is sent.',
      zh: '中止监听中的端点与关闭它效果相同：没有需要复位的对端，所以不发送 RST。',
    },
  },

  // ──────────────────────────── SYN_SENT ────────────────────────────
  {
    id: 'syn-sent--syn-ack--established',
    from: 'SYN_SENT',
    to: 'ESTABLISHED',
    event: { kind: 'segment', label: 'rcv SYN,ACK' },
    emits: 'ACK',
    path: 'client-normal',
    seed: '客户端正常状态变迁 2',
    rfc: 'RFC 9293 3.10.7.3',
    explain: {
      en: "The client receives SYN,ACK whose ACK covers its SYN. Both sequence numbers are now known: it acknowledges the server's SYN with ACK and is established on its side. Data carried on the SYN,ACK is legal and accepted at once (RFC 9293 3.10.7.3 continues at the sixth step), so the ACK also covers it.",
      zh: '客户端收到 SYN,ACK，且其中的 ACK 确认了自己的 SYN。双方的序号都已确定：客户端回复 ACK 确认服务器的 SYN，本端连接建立。SYN,ACK 上携带数据是合法的，数据会被立即接收（RFC 9293 3.10.7.3 接着执行第六步及之后的处理），所以这个 ACK 也确认了这些数据。',
    },
  },
  {
    id: 'syn-sent--syn--syn-rcvd',
    from: 'SYN_SENT',
    to: 'SYN_RCVD',
    event: { kind: 'segment', label: 'rcv SYN' },
    emits: 'SYN,ACK',
    path: 'special',
    seed: '特殊状态变迁 (1) SYN_SENT→SYN_RCVD (同时打开)',
    rfc: 'RFC 9293 3.10.7.3 (3.5 Figure 7)',
    explain: {
      en: "Simultaneous open: while waiting for SYN,ACK the endpoint receives a bare SYN, because the peer called connect too and the two SYNs crossed. It answers SYN,ACK (its own SYN again, now acknowledging the peer's) and enters SYN_RCVD.",
      zh: '同时打开：端点在等待 SYN,ACK 时收到一个不带 ACK 的 SYN——对方也调用了 connect，两个 SYN 在途中交错。它回复 SYN,ACK（再次发出自己的 SYN，并确认对方的 SYN），进入 SYN_RCVD。',
    },
  },
  {
    id: 'syn-sent--rst--closed',
    from: 'SYN_SENT',
    to: 'CLOSED',
    event: { kind: 'segment', label: 'rcv RST,ACK' },
    emits: '',
    path: 'special',
    seed: '特殊状态变迁 (1) SYN_SENT→CLOSED',
    rfc: 'RFC 9293 3.10.7.3',
    explain: {
      en: 'The SYN is answered by a RST whose ACK acknowledges it: nobody listens on that port. RFC 9293 closes the connection at once and reports "connection refused". TCP does not retry; "retry, then time out", as some summaries put it, is what an application may do, not the state machine.',
      zh: 'SYN 收到 RST 回应，且其 ACK 确认了这个 SYN：对端端口无人监听。按 RFC 9293，连接立即关闭并报告“连接被拒绝”。TCP 本身不会重试；有些资料所说的“重新请求，最终超时”是应用程序可能的做法，不是状态机的规则。',
    },
  },
  {
    id: 'syn-sent--rto--syn-sent',
    from: 'SYN_SENT',
    to: 'SYN_SENT',
    event: { kind: 'timer', label: 'timeout RTO' },
    emits: 'SYN',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.8.1, RFC 6298',
    explain: {
      en: 'No SYN,ACK arrived before the retransmission timer expired (the SYN or its answer was lost). The SYN is sent again with the same sequence number and the timeout doubles.',
      zh: '重传计时器到期时仍未收到 SYN,ACK（SYN 或它的应答丢失了）。以相同的序号重发 SYN，重传超时加倍。',
    },
  },
  {
    id: 'syn-sent--timeout--closed',
    from: 'SYN_SENT',
    to: 'CLOSED',
    event: { kind: 'timer', label: 'timeout connect' },
    emits: '',
    path: 'special',
    seed: '特殊状态变迁 (1) SYN_SENT→CLOSED',
    rfc: 'RFC 9293 3.10.8',
    when: { profile: 'rfc' },
    explain: {
      en: 'The connect timer (the user timeout) runs out with no answer despite retransmissions: connect() fails and the endpoint returns to CLOSED without sending anything.',
      zh: '多次重传后连接计时器（用户超时）到期，对方始终没有应答：connect() 失败，端点回到 CLOSED，不发送任何报文段。',
    },
  },
  {
    id: 'syn-sent--give-up--closed',
    from: 'SYN_SENT',
    to: 'CLOSED',
    event: { kind: 'timer', label: 'timeout RTO (SYN retries used up)' },
    emits: '',
    path: 'special',
    seed: '特殊状态变迁 (1) SYN_SENT→CLOSED',
    rfc: 'RFC 9293 3.8.3 (R2), 3.10.8',
    explain: {
      en: 'The SYN has been retransmitted timers.synRetries times (Linux: tcp_syn_retries, 6 by default: after 1, 2, 4, 8, 16 and 32 s) and the retransmission timer expires again: TCP gives up (RFC 9293 3.8.3 R2), connect() fails with "connection timed out" and the endpoint returns to CLOSED without sending anything. In the linux profile this is how a connect ends (Linux has no separate connect timer); in the rfc profile the connect timer usually comes first.',
      zh: 'SYN 已经重传了 timers.synRetries 次（Linux 的 tcp_syn_retries，默认 6 次：分别在 1、2、4、8、16、32 秒后），重传计时器再次超时：TCP 放弃（RFC 9293 3.8.3 的 R2），connect() 以“连接超时”失败，端点回到 CLOSED，不发送任何报文段。在 linux 配置下，connect 就是这样结束的（Linux 没有单独的连接计时器）；在 rfc 配置下，通常连接计时器会先到期。',
    },
  },
  {
    id: 'syn-sent--close--closed',
    from: 'SYN_SENT',
    to: 'CLOSED',
    event: { kind: 'call', label: 'appl: close' },
    emits: '',
    path: 'special',
    seed: '特殊状态变迁 (1) SYN_SENT→CLOSED',
    rfc: 'RFC 9293 3.10.4',
    explain: {
      en: 'The program gives up before the handshake completes. Nothing is synchronized yet, so TCP just deletes the TCB: no FIN, no RST.',
      zh: '握手完成之前程序放弃了连接。此时双方尚未同步，TCP 只需删除 TCB，既不发 FIN 也不发 RST。',
    },
  },
  {
    id: 'syn-sent--abort--closed',
    from: 'SYN_SENT',
    to: 'CLOSED',
    event: { kind: 'call', label: 'appl: abort' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.5',
    explain: {
      en: 'Aborting during the handshake: the peer holds nothing it needs to reset, so RFC 9293 deletes the TCB without sending RST.',
      zh: '握手期间中止：对端还没有需要复位的连接，RFC 9293 规定直接删除 TCB，不发送 RST。',
    },
  },

  // ──────────────────────────── SYN_RCVD ────────────────────────────
  {
    id: 'syn-rcvd--ack--established',
    from: 'SYN_RCVD',
    to: 'ESTABLISHED',
    event: { kind: 'segment', label: 'rcv ACK' },
    emits: '',
    path: 'server-normal',
    seed: '服务端正常状态变迁 3',
    rfc: 'RFC 9293 3.10.7.4',
    explain: {
      en: "The last ACK of the three-way handshake arrives and acknowledges the server's SYN: the server is established too. In a simultaneous open this same rule ends the handshake on either side.",
      zh: '三次握手的最后一个 ACK 到达，确认了服务器的 SYN：服务器一方也进入连接建立状态。同时打开时，双方也都可以经由这条规则完成握手。',
    },
  },
  {
    id: 'syn-rcvd--syn-ack--established',
    from: 'SYN_RCVD',
    to: 'ESTABLISHED',
    event: { kind: 'segment', label: 'rcv SYN,ACK' },
    emits: 'ACK',
    path: 'special',
    seed: '特殊状态变迁 (1) SYN_SENT→SYN_RCVD (同时打开)',
    rfc: 'RFC 9293 3.5 (Figure 7), 3.10.7.4 first check',
    explain: {
      en: "End of a simultaneous open: in SYN_RCVD the endpoint receives the peer's SYN,ACK, whose ACK covers its own SYN. The SYN in it is old (its sequence number is below RCV.NXT), so the first check of RFC 9293 3.10.7.4 answers with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; its ACK is new, so both SYNs are now acknowledged and the endpoint enters ESTABLISHED as it sends that ACK (Figure 7; Linux does the same).",
      zh: '同时打开的收尾：处于 SYN_RCVD 的端点收到对方的 SYN,ACK，其 ACK 确认了自己的 SYN。其中的 SYN 是旧的（序号小于 RCV.NXT），所以按 RFC 9293 3.10.7.4 的第一项检查，要回复 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>；而它的 ACK 是新的，双方的 SYN 至此都已被确认，端点在发出这个 ACK 的同时进入 ESTABLISHED（见图 7；Linux 也是这样处理的）。',
    },
  },
  {
    id: 'syn-rcvd--rst--listen',
    from: 'SYN_RCVD',
    to: 'LISTEN',
    event: { kind: 'segment', label: 'rcv RST' },
    emits: '',
    path: 'special',
    seed: '特殊状态变迁 (2) SYN_RCVD→LISTEN',
    rfc: 'RFC 9293 3.10.7.4',
    explain: {
      en: 'A RST arrives half-way through a handshake that began with a passive open (the client aborted, or the SYN was an old duplicate). RFC 9293 returns the endpoint to LISTEN so the server keeps accepting connections. It is sometimes read as "the client wants to reconnect"; the RFC only says this attempt is dead.',
      zh: '由被动打开开始的握手进行到一半时收到 RST（客户端中止了连接，或那个 SYN 是旧的重复报文段）。RFC 9293 让端点回到 LISTEN，服务器继续接受其他连接。有时它被解释为“客户端请求重新建立连接”，而 RFC 只说明这次连接尝试已作废。',
    },
  },
  {
    id: 'syn-rcvd--syn--listen',
    from: 'SYN_RCVD',
    to: 'LISTEN',
    event: { kind: 'segment', label: 'rcv SYN' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.7.4',
    explain: {
      en: 'A new SYN arrives inside the window while a passively opened connection is still in SYN_RCVD: the peer has started over (or the SYN is a stray). RFC 9293 (fourth check, SYN bit) returns this half-open connection to LISTEN without replying, so the listener stays ready for the real attempt.',
      zh: '被动打开的连接仍处于 SYN_RCVD 时，窗口内又到达一个新的 SYN：对方重新开始了连接（或者这是一个迷途的 SYN）。按 RFC 9293 第四项检查（SYN 位），这个半开连接不作应答、直接回到 LISTEN，监听端继续等待真正的连接请求。',
    },
  },
  {
    id: 'syn-rcvd--rst--closed',
    from: 'SYN_RCVD',
    to: 'CLOSED',
    event: { kind: 'segment', label: 'rcv RST' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.7.4',
    explain: {
      en: 'A RST arrives in SYN_RCVD when the connection began with an active open (a simultaneous open): the connection is refused and the endpoint goes to CLOSED, not LISTEN, because it never listened.',
      zh: '若连接始于主动打开（即同时打开），在 SYN_RCVD 收到 RST 表示连接被拒绝，端点进入 CLOSED 而不是 LISTEN，因为它从未监听过。',
    },
  },
  {
    id: 'syn-rcvd--rto--syn-rcvd',
    from: 'SYN_RCVD',
    to: 'SYN_RCVD',
    event: { kind: 'timer', label: 'timeout RTO' },
    emits: 'SYN,ACK',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.8.1, RFC 6298',
    explain: {
      en: 'The SYN,ACK was not acknowledged before the retransmission timer expired: it is sent again with the same sequence number and the timeout doubles.',
      zh: '重传计时器到期时 SYN,ACK 仍未被确认：以相同序号重发 SYN,ACK，重传超时加倍。',
    },
  },
  {
    id: 'syn-rcvd--syn-again--syn-rcvd',
    from: 'SYN_RCVD',
    to: 'SYN_RCVD',
    event: { kind: 'segment', label: 'rcv SYN (retransmitted)' },
    emits: 'SYN,ACK',
    path: 'special',
    seed: 'RFC only',
    rfc: 'Linux tcp_check_req (inet_rtx_syn_ack); RFC 9293 3.10.7.4 first check',
    when: { profile: 'linux' },
    explain: {
      en: "Linux profile: the client's SYN arrives again (SEG.SEQ = IRS), so the client has not seen our SYN,ACK: it was probably lost. Linux sends the SYN,ACK again at once and restarts its timer, so the handshake goes on without waiting for the server's retransmission timeout. RFC 9293 finds the old SYN below RCV.NXT (3.10.7.4, first check) and answers only <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, which a client in SYN_SENT drops: there the handshake waits for the server's timer.",
      zh: 'Linux 配置：客户端的 SYN 又到达了（SEG.SEQ = IRS），说明客户端没有收到我们的 SYN,ACK，它多半丢失了。Linux 立即重发 SYN,ACK 并重新启动重传计时器，握手不必等服务器的重传超时就能继续。RFC 9293 则认为这个旧 SYN 落在 RCV.NXT 之前（3.10.7.4 第一步检查），只回复 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>；处于 SYN_SENT 的客户端会丢弃这个报文段，于是握手只能等服务器的计时器超时。',
    },
  },
  {
    id: 'syn-rcvd--give-up--listen',
    from: 'SYN_RCVD',
    to: 'LISTEN',
    event: { kind: 'timer', label: 'timeout RTO (retries used up)' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.8.3 (R2)',
    explain: {
      en: 'The SYN,ACK has been retransmitted timers.dataRetries times without an ACK (the client is gone, or the SYN was forged). The server gives up on this half-open connection (RFC 9293 3.8.3 R2) and, since it came from a passive open, goes back to LISTEN without sending anything; Linux drops the request and its listener keeps listening.',
      zh: 'SYN,ACK 已经重传了 timers.dataRetries 次，仍没有收到 ACK（客户端已经不在，或者那个 SYN 是伪造的）。服务器放弃这个半开连接（RFC 9293 3.8.3 的 R2）；由于它来自被动打开，端点不发送任何报文段，回到 LISTEN。Linux 也是丢弃这个连接请求，监听套接字继续监听。',
    },
  },
  {
    id: 'syn-rcvd--close--fin-wait-1',
    from: 'SYN_RCVD',
    to: 'FIN_WAIT_1',
    event: { kind: 'call', label: 'appl: close' },
    emits: 'FIN,ACK',
    path: 'special',
    seed: '特殊状态变迁 (3) SYN_RCVD→FIN_WAIT_1',
    rfc: 'RFC 9293 3.10.4',
    explain: {
      en: 'The program closes before the handshake has finished. The peer may already consider the connection established, so TCP closes it the orderly way: it sends FIN (with ACK) and enters FIN_WAIT_1. shutdown() does the same.',
      zh: '握手尚未完成程序就调用了关闭。对方可能已经认为连接建立，所以 TCP 按正常流程关闭：发送 FIN（带 ACK），进入 FIN_WAIT_1。调用 shutdown() 效果相同。',
    },
  },
  {
    id: 'syn-rcvd--abort--closed',
    from: 'SYN_RCVD',
    to: 'CLOSED',
    event: { kind: 'call', label: 'appl: abort' },
    emits: 'RST',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.5',
    when: { profile: 'rfc' },
    explain: {
      en: 'Aborting in SYN_RCVD: the peer may already be established, so TCP sends RST with SEQ=SND.NXT and deletes the TCB.',
      zh: '在 SYN_RCVD 中止：对方可能已经建立了连接，因此 TCP 发送 SEQ=SND.NXT 的 RST，然后删除 TCB。',
    },
  },

  // ─────────────────────────── ESTABLISHED ───────────────────────────
  {
    id: 'established--close--fin-wait-1',
    from: 'ESTABLISHED',
    to: 'FIN_WAIT_1',
    event: { kind: 'call', label: 'appl: close' },
    emits: 'FIN,ACK',
    path: 'client-normal',
    seed: '客户端正常状态变迁 3',
    rfc: 'RFC 9293 3.10.4',
    explain: {
      en: "The program has nothing more to send and calls close() or shutdown(): TCP sends FIN (it takes one sequence number) and waits in FIN_WAIT_1 for that FIN to be acknowledged. Both are RFC 9293's CLOSE and keep receiving what the peer still sends; under the linux profile close() also stops receiving (data arriving afterwards is answered with RST), as Linux's close() does, while shutdown() does not.",
      zh: '程序不再发送数据，调用 close() 或 shutdown()：TCP 发出 FIN（它占用一个序号），在 FIN_WAIT_1 等待这个 FIN 被确认。两者都是 RFC 9293 的 CLOSE，仍会接收对方继续发来的数据；在 linux 配置下，close() 还会停止接收（之后到达的数据以 RST 回应），与 Linux 的 close() 相同，而 shutdown() 不会。',
    },
  },
  {
    id: 'established--fin--close-wait',
    from: 'ESTABLISHED',
    to: 'CLOSE_WAIT',
    event: { kind: 'segment', label: 'rcv FIN' },
    emits: 'ACK',
    path: 'server-normal',
    seed: '服务端正常状态变迁 4',
    rfc: 'RFC 9293 3.10.7.4',
    explain: {
      en: "The peer's FIN arrives: TCP acknowledges it at once and tells the program end-of-file. The program may still send data; the connection stays half-closed until it calls close().",
      zh: '收到对方的 FIN：TCP 立即回复 ACK，并通知程序数据已读完（EOF）。本方程序仍可继续发送数据，在它调用 close() 之前连接处于半关闭状态。',
    },
  },
  {
    id: 'established--send--established',
    from: 'ESTABLISHED',
    to: 'ESTABLISHED',
    event: { kind: 'call', label: 'appl: send' },
    emits: 'ACK,len=N',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.2',
    explain: {
      en: 'The program sends N bytes: TCP puts them in a segment with SEQ=SND.NXT (carrying ACK, as every segment after the handshake does), advances SND.NXT by N and starts the retransmission timer.',
      zh: '程序发送 N 字节：TCP 把它们放进 SEQ=SND.NXT 的报文段（握手之后的报文段都带 ACK），SND.NXT 前移 N，并启动重传计时器。',
    },
  },
  {
    id: 'established--data--established',
    from: 'ESTABLISHED',
    to: 'ESTABLISHED',
    event: { kind: 'segment', label: 'rcv data' },
    emits: 'ACK',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.7.4',
    explain: {
      en: 'In-order data arrives: RCV.NXT advances by its length and an ACK goes back at once (this lab has no delayed ACK).',
      zh: '按序到达的数据：RCV.NXT 前移数据长度，并立即回复 ACK（本实验不模拟延迟确认）。',
    },
  },
  {
    id: 'established--rst--closed',
    from: 'ESTABLISHED',
    to: 'CLOSED',
    event: { kind: 'segment', label: 'rcv RST' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.7.4, RFC 5961 3.2',
    explain: {
      en: 'A RST whose sequence number is exactly RCV.NXT resets the connection: the program gets "connection reset" and the TCB is deleted. A RST that is in the window but not exact only earns a challenge ACK (RFC 5961), which defeats blind reset attacks.',
      zh: '序号恰好等于 RCV.NXT 的 RST 会复位连接：程序收到“连接被重置”，TCB 被删除。若 RST 落在窗口内但序号不精确，只会换来一个挑战 ACK（RFC 5961），以抵御盲目的复位攻击。',
    },
  },
  {
    id: 'established--abort--closed',
    from: 'ESTABLISHED',
    to: 'CLOSED',
    event: { kind: 'call', label: 'appl: abort' },
    emits: 'RST',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.5',
    when: { profile: 'rfc' },
    explain: {
      en: 'The program aborts instead of closing: TCP sends RST with SEQ=SND.NXT, discards unsent data and deletes the TCB at once. There is no FIN exchange and no TIME_WAIT.',
      zh: '程序选择中止而非关闭：TCP 发送 SEQ=SND.NXT 的 RST，丢弃未发送的数据并立即删除 TCB。没有 FIN 交换，也没有 TIME_WAIT。',
    },
  },
  {
    id: 'any--unacceptable--any',
    from: 'ESTABLISHED',
    to: 'ESTABLISHED',
    event: { kind: 'segment', label: 'rcv unacceptable segment' },
    emits: 'ACK',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.7.4',
    explain: {
      en: 'Applies in every synchronized state (ESTABLISHED to TIME_WAIT); the table writes it once, on ESTABLISHED. A segment outside the receive window (an old duplicate, a repeated SYN) is dropped and answered with ACK <SEQ=SND.NXT><ACK=RCV.NXT> so the peer can resynchronize. The state does not change.',
      zh: '适用于所有已同步状态（ESTABLISHED 到 TIME_WAIT），表中只在 ESTABLISHED 记一次。落在接收窗口之外的报文段（旧的重复报文段、重复的 SYN）被丢弃，并回复 ACK <SEQ=SND.NXT><ACK=RCV.NXT>，帮助对方重新同步。状态不变。',
    },
  },

  // ──────────────────────────── FIN_WAIT_1 ────────────────────────────
  {
    id: 'any--give-up--closed',
    from: 'ESTABLISHED',
    to: 'CLOSED',
    event: { kind: 'timer', label: 'timeout RTO (retries used up)' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.8.3 (R2), RFC 1122 4.2.3.5',
    explain: {
      en: 'Applies in every state that retransmits data or a FIN (ESTABLISHED, FIN_WAIT_1, CLOSE_WAIT, CLOSING, LAST_ACK, and SYN_RCVD after a simultaneous open); the table writes it once, on ESTABLISHED. The same segment has been retransmitted timers.dataRetries times (Linux: tcp_retries2, 15) without being acknowledged: RFC 9293 3.8.3 says to close the connection once R2 is reached. The program gets "connection timed out" and the TCB is deleted without a segment (as Linux does); the peer learns of it only when its next segment is answered by RST.',
      zh: '适用于所有会重传数据或 FIN 的状态（ESTABLISHED、FIN_WAIT_1、CLOSE_WAIT、CLOSING、LAST_ACK，以及同时打开后的 SYN_RCVD），表中只在 ESTABLISHED 记一次。同一个报文段已经重传了 timers.dataRetries 次（Linux 的 tcp_retries2，默认 15 次）仍未被确认：RFC 9293 3.8.3 规定达到 R2 时关闭连接。程序收到“连接超时”，TCB 被删除，不发送任何报文段（与 Linux 相同）；对方只有在下一个报文段收到 RST 回应时才会知道。',
    },
  },
  {
    id: 'any--abort-rst-ack--closed',
    from: 'ESTABLISHED',
    to: 'CLOSED',
    event: { kind: 'call', label: 'appl: abort' },
    emits: 'RST,ACK',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.5; Linux tcp_send_active_reset',
    when: { profile: 'linux' },
    explain: {
      en: 'Linux profile: aborting in SYN_RCVD, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 or CLOSE_WAIT sends RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT> (Linux always sets ACK on the reset it sends), where RFC 9293 3.10.5 sends a bare RST <SEQ=SND.NXT>. Either is accepted by the peer: what matters is the sequence number, which is exactly what the peer expects.',
      zh: 'linux 配置：在 SYN_RCVD、ESTABLISHED、FIN_WAIT_1、FIN_WAIT_2 或 CLOSE_WAIT 中止时，发送 RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT>（Linux 发出的复位报文段总带 ACK），而 RFC 9293 3.10.5 发送不带 ACK 的 RST <SEQ=SND.NXT>。对方两种都会接受：关键是序号，它恰好是对方期待的那个。',
    },
  },
  // The receive side and the persist timer (written once on ESTABLISHED, like the give-up row).
  {
    id: 'any--read--any',
    from: 'ESTABLISHED',
    to: 'ESTABLISHED',
    event: { kind: 'call', label: 'appl: read' },
    emits: 'ACK',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.3, 3.8.6; RFC 1122 4.2.3.3',
    explain: {
      en: 'The application reads data waiting in the receive buffer (setting appReads: call). The buffer empties, so the window TCP advertises (RCV.WND = buffer size minus unread data) grows again. If the window had shrunk so far that the peer may be stuck (below half the buffer or one MSS, RFC 1122 4.2.3.3), TCP sends a window update <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> at once; otherwise nothing is sent and the next segment carries the larger window.',
      zh: '应用程序读取接收缓冲区中等待的数据（设置 appReads: call）。缓冲区腾空后，TCP 通告的窗口（RCV.WND = 缓冲区大小减去未读数据）重新变大。如果窗口之前缩得很小、对方可能因此停住（小于缓冲区的一半或一个 MSS，RFC 1122 4.2.3.3），TCP 立即发送窗口更新 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>；否则不发送任何报文段，下一个报文段会带上更大的窗口。',
    },
  },
  {
    id: 'any--persist--any',
    from: 'ESTABLISHED',
    to: 'ESTABLISHED',
    event: { kind: 'timer', label: 'timeout persist (zero window)' },
    emits: 'ACK',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.8.6.1; RFC 1122 4.2.2.17',
    explain: {
      en: 'The peer advertised a zero window while this side still has data to send. Without a probe, a lost window update would leave both sides waiting forever, so the persist timer fires and TCP sends a zero-window probe: an ACK with an old sequence number (SND.UNA−1, as Linux does), which the peer must answer with an ACK carrying its current window. The timer backs off like the RTO and, unlike retransmissions, never gives up while the peer answers.',
      zh: '对方通告了零窗口，而本方还有数据要发送。如果不探测，一旦窗口更新报文丢失，双方就会永远互相等待，所以坚持计时器超时后 TCP 发送零窗口探测报文：一个使用旧序号（SND.UNA−1，与 Linux 相同）的 ACK，对方必须用带有其当前窗口的 ACK 回应。该计时器像 RTO 一样退避，但与重传不同，只要对方还在回应就不会放弃。',
    },
  },
  {
    id: 'any--window-open--any',
    from: 'ESTABLISHED',
    to: 'ESTABLISHED',
    event: { kind: 'segment', label: 'rcv ACK (window opens)' },
    emits: 'ACK,len=N',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.7.4 fifth step, 3.8.6',
    explain: {
      en: 'An ACK arrives whose window field (SND.WND) leaves room for data this side was holding back because the window was full. TCP sends as much of the waiting data as the window allows, and stops the persist timer.',
      zh: '收到一个 ACK，其窗口字段（SND.WND）为本方因窗口已满而暂缓发送的数据腾出了空间。TCP 在窗口允许的范围内发出等待中的数据，并停止坚持计时器。',
    },
  },
  {
    id: 'any--close-unread--closed',
    from: 'ESTABLISHED',
    to: 'CLOSED',
    event: { kind: 'call', label: 'appl: close (data unread)' },
    emits: 'RST',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 1122 4.2.2.13, RFC 9293 3.10.4; Linux tcp_close',
    when: { appReads: 'call' },
    explain: {
      en: 'The application calls close() while data it never read is still in the receive buffer (ESTABLISHED or CLOSE_WAIT). RFC 1122 4.2.2.13 says TCP SHOULD send a RST "to show that data was lost", and Linux does: instead of a FIN it sends a reset (Linux: RST,ACK) and the connection is gone at once, on both sides.',
      zh: '应用程序调用 close() 时，接收缓冲区中还有从未读取的数据（ESTABLISHED 或 CLOSE_WAIT）。RFC 1122 4.2.2.13 规定此时 TCP 应当发送 RST，“以表明有数据丢失”，Linux 正是这样做的：它不发 FIN，而是发送复位报文段（Linux 发 RST,ACK），连接在双方都立即结束。',
    },
  },
  {
    id: 'any--data-after-close--closed',
    from: 'FIN_WAIT_2',
    to: 'CLOSED',
    event: { kind: 'segment', label: 'rcv data (after close)' },
    emits: 'RST',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 1122 4.2.2.13; Linux tcp_rcv_state_process',
    when: { profile: 'linux' },
    explain: {
      en: 'Linux profile: the application called close(), not shutdown(), so it will never read again. New data arriving in FIN_WAIT_1 or FIN_WAIT_2 cannot be delivered to anyone: TCP answers with a reset <SEQ=SND.NXT><CTL=RST> and deletes the connection (RFC 1122 4.2.2.13: "if new data is received after CLOSE is called, its TCP SHOULD send a RST"). Under the rfc profile close is RFC 9293\'s CLOSE, which keeps receiving; use shutdown() for that under both profiles.',
      zh: 'linux 配置：应用程序调用的是 close() 而不是 shutdown()，它以后不会再读取数据。在 FIN_WAIT_1 或 FIN_WAIT_2 中新到达的数据无法交给任何人：TCP 以复位报文段 <SEQ=SND.NXT><CTL=RST> 回应并删除连接（RFC 1122 4.2.2.13：“如果在调用 CLOSE 之后收到新数据，TCP 应当发送 RST”）。在 rfc 配置下，close 就是 RFC 9293 的 CLOSE，会继续接收数据；两种配置下都可以用 shutdown() 做到这一点。',
    },
  },
  {
    id: 'fin-wait-1--ack--fin-wait-2',
    from: 'FIN_WAIT_1',
    to: 'FIN_WAIT_2',
    event: { kind: 'segment', label: 'rcv ACK' },
    emits: '',
    path: 'client-normal',
    seed: '客户端正常状态变迁 4',
    rfc: 'RFC 9293 3.10.7.4',
    explain: {
      en: "The ACK of our FIN arrives: our direction is closed, and we now wait in FIN_WAIT_2 for the peer's FIN. (FIN_WAIT_1 is sometimes said to wait for the peer's FIN; per RFC 9293 it waits for the ACK of its own FIN.)",
      zh: '收到对本方 FIN 的确认：本方方向已关闭，接着在 FIN_WAIT_2 等待对方的 FIN。（常有人说 FIN_WAIT_1 在等待对方的 FIN；按 RFC 9293，它等待的是对自己 FIN 的确认。）',
    },
  },
  {
    id: 'fin-wait-1--fin--closing',
    from: 'FIN_WAIT_1',
    to: 'CLOSING',
    event: { kind: 'segment', label: 'rcv FIN' },
    emits: 'ACK',
    path: 'special',
    seed: '特殊状态变迁 (2) FIN_WAIT_1→CLOSING (同时关闭)',
    rfc: 'RFC 9293 3.10.7.4 (3.6 Figure 13)',
    explain: {
      en: "Simultaneous close: the peer's FIN arrives but does not acknowledge our FIN, because the peer sent it before seeing ours. TCP acknowledges it and waits in CLOSING for the ACK of its own FIN.",
      zh: '同时关闭：收到对方的 FIN，但它没有确认本方的 FIN——对方在看到我们的 FIN 之前就发出了它。TCP 回复 ACK，然后在 CLOSING 等待对自己 FIN 的确认。',
    },
  },
  {
    id: 'fin-wait-1--fin-ack--time-wait',
    from: 'FIN_WAIT_1',
    to: 'TIME_WAIT',
    event: { kind: 'segment', label: 'rcv FIN,ACK' },
    emits: 'ACK',
    path: 'special',
    seed: '特殊状态变迁 (2) FIN_WAIT_1→TIME_WAIT',
    rfc: 'RFC 9293 3.10.7.4',
    explain: {
      en: "The peer's FIN arrives and its ACK also covers our FIN (the peer closed right after receiving our FIN, or its separate ACK was lost). Both FINs are acknowledged at once: TCP sends ACK and goes straight to TIME_WAIT, skipping FIN_WAIT_2.",
      zh: '收到对方的 FIN，且它的 ACK 同时确认了本方的 FIN（对方一收到我们的 FIN 就关闭了，或它单独发出的 ACK 丢失了）。两个 FIN 一次都得到确认：TCP 回复 ACK，跳过 FIN_WAIT_2 直接进入 TIME_WAIT。',
    },
  },
  {
    id: 'fin-wait-1--rto--fin-wait-1',
    from: 'FIN_WAIT_1',
    to: 'FIN_WAIT_1',
    event: { kind: 'timer', label: 'timeout RTO' },
    emits: 'FIN,ACK',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.8.1, RFC 6298',
    explain: {
      en: 'Our FIN was not acknowledged before the retransmission timer expired: it is sent again with the same sequence number and the timeout doubles.',
      zh: '重传计时器到期时本方的 FIN 仍未被确认：以相同序号重发 FIN，重传超时加倍。',
    },
  },
  {
    id: 'fin-wait-1--rst--closed',
    from: 'FIN_WAIT_1',
    to: 'CLOSED',
    event: { kind: 'segment', label: 'rcv RST' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.7.4, RFC 5961 3.2',
    explain: {
      en: 'An exact RST (SEQ=RCV.NXT) resets the closing connection; the TCB is deleted.',
      zh: '序号精确（SEQ=RCV.NXT）的 RST 复位正在关闭的连接，TCB 被删除。',
    },
  },
  {
    id: 'fin-wait-1--abort--closed',
    from: 'FIN_WAIT_1',
    to: 'CLOSED',
    event: { kind: 'call', label: 'appl: abort' },
    emits: 'RST',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.5',
    when: { profile: 'rfc' },
    explain: {
      en: 'Aborting while our FIN is unacknowledged: TCP sends RST with SEQ=SND.NXT and deletes the TCB.',
      zh: '本方 FIN 尚未被确认时中止：TCP 发送 SEQ=SND.NXT 的 RST，然后删除 TCB。',
    },
  },

  // ──────────────────────────── FIN_WAIT_2 ────────────────────────────
  {
    id: 'fin-wait-2--fin--time-wait',
    from: 'FIN_WAIT_2',
    to: 'TIME_WAIT',
    event: { kind: 'segment', label: 'rcv FIN' },
    emits: 'ACK',
    path: 'client-normal',
    seed: '客户端正常状态变迁 5',
    rfc: 'RFC 9293 3.10.7.4',
    explain: {
      en: "The peer's FIN arrives: TCP acknowledges it and enters TIME_WAIT, starting the 2MSL timer.",
      zh: '收到对方的 FIN：TCP 回复 ACK，进入 TIME_WAIT，并启动 2MSL 计时器。',
    },
  },
  {
    id: 'fin-wait-2--rst--closed',
    from: 'FIN_WAIT_2',
    to: 'CLOSED',
    event: { kind: 'segment', label: 'rcv RST' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.7.4, RFC 5961 3.2',
    explain: {
      en: 'An exact RST (SEQ=RCV.NXT) resets the half-closed connection; the TCB is deleted.',
      zh: '序号精确（SEQ=RCV.NXT）的 RST 复位这个半关闭的连接，TCB 被删除。',
    },
  },
  {
    id: 'fin-wait-2--abort--closed',
    from: 'FIN_WAIT_2',
    to: 'CLOSED',
    event: { kind: 'call', label: 'appl: abort' },
    emits: 'RST',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.5',
    when: { profile: 'rfc' },
    explain: {
      en: "Aborting while waiting for the peer's FIN: TCP sends RST with SEQ=SND.NXT and deletes the TCB.",
      zh: '在等待对方 FIN 时中止：TCP 发送 SEQ=SND.NXT 的 RST，然后删除 TCB。',
    },
  },

  // ──────────────────────────── CLOSE_WAIT ────────────────────────────
  {
    id: 'close-wait--close--last-ack',
    from: 'CLOSE_WAIT',
    to: 'LAST_ACK',
    event: { kind: 'call', label: 'appl: close' },
    emits: 'FIN,ACK',
    path: 'server-normal',
    seed: '服务端正常状态变迁 5',
    rfc: 'RFC 9293 3.10.4',
    explain: {
      en: 'The program has sent everything and calls close() (or shutdown()): TCP sends its own FIN and waits in LAST_ACK for it to be acknowledged.',
      zh: '程序发完了剩余数据，调用 close()（或 shutdown()）：TCP 发出自己的 FIN，在 LAST_ACK 等待它被确认。',
    },
  },
  {
    id: 'close-wait--send--close-wait',
    from: 'CLOSE_WAIT',
    to: 'CLOSE_WAIT',
    event: { kind: 'call', label: 'appl: send' },
    emits: 'ACK,len=N',
    path: 'special',
    seed: '服务端正常状态变迁 4',
    rfc: 'RFC 9293 3.10.2',
    explain: {
      en: "After the peer's FIN our direction is still open: the program can keep sending data until it calls close().",
      zh: '收到对方的 FIN 之后，本方方向仍然开放：程序可以继续发送数据，直到调用 close()。',
    },
  },
  {
    id: 'close-wait--rst--closed',
    from: 'CLOSE_WAIT',
    to: 'CLOSED',
    event: { kind: 'segment', label: 'rcv RST' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.7.4, RFC 5961 3.2',
    explain: {
      en: 'An exact RST (SEQ=RCV.NXT) resets the connection; data not yet sent is discarded and the TCB is deleted.',
      zh: '序号精确（SEQ=RCV.NXT）的 RST 复位连接，尚未发送的数据被丢弃，TCB 被删除。',
    },
  },
  {
    id: 'close-wait--abort--closed',
    from: 'CLOSE_WAIT',
    to: 'CLOSED',
    event: { kind: 'call', label: 'appl: abort' },
    emits: 'RST',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.5',
    when: { profile: 'rfc' },
    explain: {
      en: 'Aborting instead of closing: TCP sends RST with SEQ=SND.NXT and deletes the TCB; no FIN is sent.',
      zh: '以中止代替关闭：TCP 发送 SEQ=SND.NXT 的 RST 并删除 TCB，不发送 FIN。',
    },
  },

  // ───────────────────────────── CLOSING ─────────────────────────────
  {
    id: 'closing--ack--time-wait',
    from: 'CLOSING',
    to: 'TIME_WAIT',
    event: { kind: 'segment', label: 'rcv ACK' },
    emits: '',
    path: 'special',
    seed: '特殊状态变迁 (2) FIN_WAIT_1→CLOSING (同时关闭)',
    rfc: 'RFC 9293 3.10.7.4 (3.6 Figure 13)',
    explain: {
      en: 'End of a simultaneous close: the ACK of our FIN arrives. Both FINs are now acknowledged and the endpoint waits out 2MSL in TIME_WAIT.',
      zh: '同时关闭的收尾：对本方 FIN 的确认到达。双方的 FIN 都已被确认，端点进入 TIME_WAIT 等待 2MSL。',
    },
  },
  {
    id: 'closing--rto--closing',
    from: 'CLOSING',
    to: 'CLOSING',
    event: { kind: 'timer', label: 'timeout RTO' },
    emits: 'FIN,ACK',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.8.1, RFC 6298',
    explain: {
      en: 'Our FIN is still unacknowledged when the retransmission timer expires: it is sent again.',
      zh: '重传计时器到期时本方的 FIN 仍未被确认：重发 FIN。',
    },
  },
  {
    id: 'closing--rst--closed',
    from: 'CLOSING',
    to: 'CLOSED',
    event: { kind: 'segment', label: 'rcv RST' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.7.4, RFC 5961 3.2',
    explain: {
      en: 'An exact RST (SEQ=RCV.NXT) ends the connection at once; the TCB is deleted.',
      zh: '序号精确（SEQ=RCV.NXT）的 RST 立即结束连接，TCB 被删除。',
    },
  },
  {
    id: 'closing--abort--closed',
    from: 'CLOSING',
    to: 'CLOSED',
    event: { kind: 'call', label: 'appl: abort' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.5',
    explain: {
      en: 'Both sides have already sent FIN, so RFC 9293 just deletes the TCB: no RST is sent.',
      zh: '双方都已发出 FIN,RFC 9293 规定直接删除 TCB，不发送 RST。',
    },
  },

  // ───────────────────────────── LAST_ACK ─────────────────────────────
  {
    id: 'last-ack--ack--closed',
    from: 'LAST_ACK',
    to: 'CLOSED',
    event: { kind: 'segment', label: 'rcv ACK' },
    emits: '',
    path: 'server-normal',
    seed: '服务端正常状态变迁 6',
    rfc: 'RFC 9293 3.10.7.4',
    explain: {
      en: 'The ACK of our FIN arrives: the passive closer is done and deletes the TCB at once. It needs no TIME_WAIT, because the other side does the waiting.',
      zh: '对本方 FIN 的确认到达：被动关闭方到此结束，立即删除 TCB。它不需要 TIME_WAIT，等待由另一方承担。',
    },
  },
  {
    id: 'last-ack--rto--last-ack',
    from: 'LAST_ACK',
    to: 'LAST_ACK',
    event: { kind: 'timer', label: 'timeout RTO' },
    emits: 'FIN,ACK',
    path: 'special',
    seed: '客户端正常状态变迁 6',
    rfc: 'RFC 9293 3.8.1, RFC 6298',
    explain: {
      en: 'Our FIN (or the ACK of it) was lost: the retransmission timer fires and the FIN is sent again. The peer in TIME_WAIT will answer it.',
      zh: '本方的 FIN（或对它的确认）丢失了：重传计时器到期，重发 FIN。处于 TIME_WAIT 的对方会再次确认它。',
    },
  },
  {
    id: 'last-ack--rst--closed',
    from: 'LAST_ACK',
    to: 'CLOSED',
    event: { kind: 'segment', label: 'rcv RST' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.7.4, RFC 5961 3.2',
    explain: {
      en: 'An exact RST (SEQ=RCV.NXT) ends the connection at once; the TCB is deleted.',
      zh: '序号精确（SEQ=RCV.NXT）的 RST 立即结束连接，TCB 被删除。',
    },
  },
  {
    id: 'last-ack--abort--closed',
    from: 'LAST_ACK',
    to: 'CLOSED',
    event: { kind: 'call', label: 'appl: abort' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.5',
    explain: {
      en: 'Both sides have already sent FIN, so RFC 9293 just deletes the TCB: no RST is sent.',
      zh: '双方都已发出 FIN,RFC 9293 规定直接删除 TCB，不发送 RST。',
    },
  },

  // ──────────────────────────── TIME_WAIT ────────────────────────────
  {
    id: 'time-wait--timeout--closed',
    from: 'TIME_WAIT',
    to: 'CLOSED',
    event: { kind: 'timer', label: 'timeout 2MSL' },
    emits: '',
    path: 'client-normal',
    seed: '客户端正常状态变迁 6',
    rfc: 'RFC 9293 3.10.8',
    explain: {
      en: 'Twice the maximum segment lifetime has passed without a retransmitted FIN: every old segment of this connection has died out, so the TCB is deleted.',
      zh: '2MSL（两倍最长报文段寿命）内没有再收到重传的 FIN：这个连接的旧报文段都已在网络中消失，于是删除 TCB。',
    },
  },
  {
    id: 'time-wait--fin--time-wait',
    from: 'TIME_WAIT',
    to: 'TIME_WAIT',
    event: { kind: 'segment', label: 'rcv FIN' },
    emits: 'ACK',
    path: 'special',
    seed: '客户端正常状态变迁 6',
    rfc: 'RFC 9293 3.10.7.4 fifth and eighth steps',
    explain: {
      en: 'The peer retransmits its FIN because our last ACK was lost. This is why TIME_WAIT exists: TCP acknowledges the FIN again and restarts the 2MSL timer. RFC 9293 3.10.7.4 (eighth step) does the same for any acceptable segment that carries a FIN, not only an exact retransmission.',
      zh: '本方最后的 ACK 丢失，对方重传了 FIN。这正是 TIME_WAIT 存在的原因：TCP 再次确认这个 FIN，并重新开始 2MSL 计时。按 RFC 9293 3.10.7.4 第八步，任何可接受的、携带 FIN 的报文段都这样处理，而不只是精确的重传。',
    },
  },
  {
    id: 'time-wait--rst--closed',
    from: 'TIME_WAIT',
    to: 'CLOSED',
    event: { kind: 'segment', label: 'rcv RST' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.7.4, RFC 5961 3.2',
    when: { rfc1337: false },
    explain: {
      en: 'An exact RST (SEQ=RCV.NXT) ends TIME_WAIT early; RFC 9293 allows it (RFC 1337 describes the risk of this "TIME_WAIT assassination"; with the rfc1337 setting on, the RST is ignored instead).',
      zh: '序号精确（SEQ=RCV.NXT）的 RST 会提前结束 TIME_WAIT；RFC 9293 允许这样做（RFC 1337 讨论了这种“TIME_WAIT 暗杀”的风险；开启 rfc1337 设置后，这个 RST 会被忽略）。',
    },
  },
  {
    id: 'time-wait--rst--time-wait',
    from: 'TIME_WAIT',
    to: 'TIME_WAIT',
    event: { kind: 'segment', label: 'rcv RST' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 1337 section 3',
    when: { rfc1337: true },
    explain: {
      en: 'With the rfc1337 setting on, a RST in TIME_WAIT is ignored: no reply, and the 2MSL timer keeps running. RFC 1337 shows that an old RST (or one sent by a peer that has forgotten the connection) would otherwise end TIME_WAIT early ("TIME-WAIT assassination") and let old duplicates reach a new connection on the same ports. Linux does this when net.ipv4.tcp_rfc1337 is 1.',
      zh: '开启 rfc1337 设置后，TIME_WAIT 状态下收到的 RST 会被忽略：不作应答，2MSL 计时器继续运行。RFC 1337 指出，否则一个旧的 RST（或已经忘记该连接的对方发来的 RST）会提前结束 TIME_WAIT（即“TIME_WAIT 暗杀”），使旧的重复报文段进入使用相同端口的新连接。Linux 在 net.ipv4.tcp_rfc1337 为 1 时就是这样做的。',
    },
  },
  {
    id: 'time-wait--syn--syn-rcvd',
    from: 'TIME_WAIT',
    to: 'SYN_RCVD',
    event: { kind: 'segment', label: 'rcv SYN' },
    emits: 'SYN,ACK',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 1122 4.2.2.13; Linux tcp_timewait_state_process',
    when: { profile: 'linux' },
    explain: {
      en: 'Linux profile: on the side that listens, a new SYN whose sequence number is above RCV.NXT ends TIME_WAIT at once and starts a new incarnation of the connection: SYN,ACK with an ISS above anything the old connection used (SND.NXT + 65537, as Linux picks it), so no old segment can be mistaken for new. RFC 1122 4.2.2.13 allows this; in the rfc profile the SYN only earns a challenge ACK and the new connection must wait until TIME_WAIT ends.',
      zh: 'linux 配置：在监听的一方，序号大于 RCV.NXT 的新 SYN 会立即结束 TIME_WAIT，开始这个连接的新化身：回复 SYN,ACK，其 ISS 大于旧连接用过的所有序号（与 Linux 一样取 SND.NXT + 65537），因此旧报文段不会被误认为新的。RFC 1122 4.2.2.13 允许这样做；在 rfc 配置下，这个 SYN 只会换来一个挑战 ACK，新连接必须等到 TIME_WAIT 结束。',
    },
  },
  {
    id: 'time-wait--ack--time-wait',
    from: 'TIME_WAIT',
    to: 'TIME_WAIT',
    event: { kind: 'segment', label: 'rcv ACK' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'Linux tcp_timewait_state_process',
    when: { profile: 'linux' },
    explain: {
      en: 'Linux profile: a bare ACK at RCV.NXT reaching TIME_WAIT restarts the 2MSL timer, without a reply. RFC 9293 expects only a retransmitted FIN here and ignores the ACK (the timer runs on).',
      zh: 'linux 配置：到达 TIME_WAIT 的、序号为 RCV.NXT 的纯 ACK 会让 2MSL 计时器重新开始，不作应答。RFC 9293 认为此时只会收到重传的 FIN，会忽略这个 ACK（计时器照常运行）。',
    },
  },
  {
    id: 'time-wait--abort--closed',
    from: 'TIME_WAIT',
    to: 'CLOSED',
    event: { kind: 'call', label: 'appl: abort' },
    emits: '',
    path: 'special',
    seed: 'RFC only',
    rfc: 'RFC 9293 3.10.5',
    explain: {
      en: 'Aborting in TIME_WAIT deletes the TCB without sending anything; the connection was already finished.',
      zh: '在 TIME_WAIT 中止会直接删除 TCB，不发送任何报文段；连接本来就已结束。',
    },
  },
] as const satisfies readonly (TransitionRow & { id: string })[];

/**
 * The machine's vocabulary: the id of every row, as a type. The machine (endpoint.ts) names its rules only as
 * literals of this type, so a rule id that is not a row does not compile, and searching for an id finds every use.
 */
export type RuleId = (typeof ROWS)[number]['id'];

export const TRANSITIONS: readonly TransitionRule[] = ROWS;

/** Every rule id, in table order (an exhaustive enumeration for tests and UIs). */
export const RULE_IDS: readonly RuleId[] = ROWS.map((row) => row.id);

const RULES_BY_ID: ReadonlyMap<string, TransitionRule> = new Map(TRANSITIONS.map((rule) => [rule.id, rule]));

/** The row with this id, or undefined (ids from outside, e.g. a stored transcript, are plain strings). */
export function ruleById(id: RuleId): TransitionRule;
export function ruleById(id: string): TransitionRule | undefined;
export function ruleById(id: string): TransitionRule | undefined {
  return RULES_BY_ID.get(id);
}

/** A string from outside (a transcript, a request) that names a row. */
export const isRuleId = (id: string): id is RuleId => RULES_BY_ID.has(id);

/** Does the row hold in a lab with these settings (its `when` column, if any, matches)? */
export function holdsUnder(rule: { when?: RuleCondition }, settings: Partial<LabSettings>): boolean {
  if (!rule.when) return true;
  for (const [key, value] of Object.entries(rule.when)) {
    if (settings[key as keyof RuleCondition] !== value) return false;
  }
  return true;
}

/** Every row that leaves `state`, in table order (self-loops included). */
export function rulesFrom(state: State): TransitionRule[] {
  return TRANSITIONS.filter((rule) => rule.from === state);
}
