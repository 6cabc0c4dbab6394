/**
 * The 11 states of the seed diagram with a short name and a short explanation in English and Chinese.
 * States are spelled as the seed spells them (RFC 9293 3.3.2 writes them with hyphens: SYN-SENT, FIN-WAIT-1, ...).
 * Where the seed's description is imprecise, the text follows RFC 9293 and says so.
 */
import type { Bilingual, State } from './types';

export interface StateInfo {
  name: Bilingual;
  explain: Bilingual;
}

export const STATE_INFO: Record<State, StateInfo> = {
  CLOSED: {
    name: { en: 'Closed', zh: '关闭' },
    explain: {
      en: 'No connection. RFC 9293 calls it a fictional state: there is no TCB at all. A segment arriving here is answered with RST (unless it is a RST itself, which is dropped).',
      zh: '没有连接。RFC 9293 把它称为“虚构”的状态：此时根本不存在 TCB。到达这里的报文段会收到 RST 回应（到达的若本身就是 RST，则直接丢弃）。',
    },
  },
  LISTEN: {
    name: { en: 'Listen', zh: '监听' },
    explain: {
      en: 'Passive open: the server waits for a SYN from any client. It has sent nothing yet.',
      zh: '被动打开：服务器等待任意客户端发来的 SYN，自己尚未发送任何报文段。',
    },
  },
  SYN_SENT: {
    name: { en: 'SYN sent', zh: '已发送 SYN' },
    explain: {
      en: 'Active open: the client has sent its SYN and waits for a SYN,ACK. The SYN is retransmitted on timeout until the connect timer gives up.',
      zh: '主动打开：客户端已发出 SYN，正在等待 SYN,ACK。超时会重传 SYN，直到连接计时器放弃为止。',
    },
  },
  SYN_RCVD: {
    name: { en: 'SYN received', zh: '已收到 SYN' },
    explain: {
      en: "The endpoint has received the peer's SYN and sent its own SYN,ACK; it waits for the ACK that completes the three-way handshake.",
      zh: '端点已收到对方的 SYN 并回复了自己的 SYN,ACK，正在等待完成三次握手的那个 ACK。',
    },
  },
  ESTABLISHED: {
    name: { en: 'Established', zh: '已建立连接' },
    explain: {
      en: 'Both SYNs are acknowledged: the connection is open and data can flow in both directions.',
      zh: '双方的 SYN 都已被确认：连接已打开，数据可以双向传输。',
    },
  },
  FIN_WAIT_1: {
    name: { en: 'FIN wait 1', zh: '终止等待 1' },
    explain: {
      en: "This side has closed and sent FIN; it waits for that FIN to be acknowledged. It is often said to wait for the peer's FIN, but per RFC 9293 it is the ACK of its own FIN that moves it on (a FIN that comes first leads to CLOSING or, if it also acknowledges our FIN, to TIME_WAIT).",
      zh: '本方已关闭并发出 FIN，正在等待这个 FIN 被确认。常有人说它在等待对方的 FIN，但按 RFC 9293，推动它前进的是对本方 FIN 的确认（若对方的 FIN 先到，则进入 CLOSING；若该 FIN 同时确认了本方的 FIN，则直接进入 TIME_WAIT）。',
    },
  },
  FIN_WAIT_2: {
    name: { en: 'FIN wait 2', zh: '终止等待 2' },
    explain: {
      en: "Our FIN is acknowledged: our direction is closed. The connection is half-closed while we wait for the peer's FIN; the peer may still send data.",
      zh: '本方的 FIN 已被确认，本方方向已关闭。连接处于半关闭状态，等待对方的 FIN；在此之前对方仍可发送数据。',
    },
  },
  CLOSE_WAIT: {
    name: { en: 'Close wait', zh: '等待关闭' },
    explain: {
      en: "The peer's FIN has arrived and been acknowledged. TCP now waits for its own program to call close(); until then the program may keep sending data.",
      zh: '对方的 FIN 已到达并已确认。TCP 此时等待本方程序调用 close()；在那之前，程序仍可继续发送数据。',
    },
  },
  CLOSING: {
    name: { en: 'Closing', zh: '同时关闭' },
    explain: {
      en: "Both sides sent FIN before seeing the other's (a simultaneous close); ours is not yet acknowledged. CLOSING is sometimes explained by the peer's FIN overtaking its own ACK, but a FIN sent after that ACK acknowledges our FIN as well and leads to TIME_WAIT directly; per RFC 9293, CLOSING means the peer's FIN did not acknowledge ours.",
      zh: '双方都在看到对方的 FIN 之前发出了自己的 FIN（同时关闭），本方的 FIN 尚未被确认。有时 CLOSING 被解释为对方的 FIN 赶在它的 ACK 之前到达，但在该 ACK 之后发出的 FIN 也会确认本方的 FIN，会直接进入 TIME_WAIT；按 RFC 9293，CLOSING 表示对方的 FIN 没有确认本方的 FIN。',
    },
  },
  LAST_ACK: {
    name: { en: 'Last ACK', zh: '最后确认' },
    explain: {
      en: "The passive closer has sent its FIN after the peer's; it waits for the last ACK and retransmits the FIN if that ACK does not come.",
      zh: '被动关闭方在对方之后发出了自己的 FIN，正在等待最后一个 ACK；若迟迟等不到，就重传 FIN。',
    },
  },
  TIME_WAIT: {
    name: { en: 'Time wait', zh: '时间等待' },
    explain: {
      en: 'Both FINs are acknowledged. The active closer lingers for 2MSL so that it can re-acknowledge a retransmitted FIN if its last ACK was lost, and so that old segments die out before the same port pair is reused.',
      zh: '双方的 FIN 都已确认。主动关闭方还要停留 2MSL：如果最后的 ACK 丢失，它能再次确认对方重传的 FIN；同时让旧报文段在相同端口对被重用之前从网络中消失。',
    },
  },
};
