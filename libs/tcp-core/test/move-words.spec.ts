import { moveInWords, summarizeMove } from '../src';

/** Every kind of move a transcript holds, each with the words a student should read. */
const MOVES: [unknown, string, string][] = [
  [{ by: 'client', call: 'connect' }, 'The client calls connect()', '客户端调用 connect()'],
  [
    { by: 'server', call: 'send', bytes: 5, data: 'hello' },
    'The server calls send() with 5 bytes',
    '服务器调用 send()，发送 5 字节',
  ],
  [{ by: 'server', call: 'read' }, 'The server calls read()', '服务器调用 read()'],
  [
    { by: 'client', call: 'read', bytes: 3 },
    'The client calls read() for up to 3 bytes',
    '客户端调用 read()，最多读取 3 字节',
  ],
  [{ by: 'network', action: 'deliver', id: 3 }, 'The network delivers segment #3', '网络送达报文段 #3'],
  [
    { by: 'network', action: 'drop', from: 'client', index: 0 },
    "The network drops the client's segment 1 in flight",
    '网络丢弃客户端在途的第 1 个报文段',
  ],
  [{ by: 'network', action: 'duplicate', id: 7 }, 'The network duplicates segment #7', '网络复制报文段 #7'],
  [
    { by: 'network', action: 'deliver-all' },
    'The network delivers every segment in flight',
    '网络送达所有在途报文段',
  ],
  [
    { by: 'network', action: 'inject', to: 'server', segment: { flags: ['RST'], seq: 5, ack: 0, len: 0 } },
    'A segment RST seq=5 len=0 is injected toward the server',
    '向服务器注入报文段 RST seq=5 len=0',
  ],
  [
    { by: 'network', action: 'fault', fault: 'drop', from: 'server' },
    'The teacher arms a fault for the server: drop the next segment',
    '老师为服务器设置故障：丢弃下一个报文段',
  ],
  [{ by: 'clock', advance: 1000 }, 'The clock runs 1000 ms', '时钟前进 1000 毫秒'],
  [
    {
      by: 'server',
      answer: { state: 'SYN_RCVD', send: [{ flags: ['SYN', 'ACK'], seq: 300, ack: 101, len: 0 }] },
    },
    'The server answers: enter SYN_RCVD, send SYN,ACK seq=300 ack=101 len=0',
    '服务器作答：进入 SYN_RCVD，发送 SYN,ACK seq=300 ack=101 len=0',
  ],
  [
    { by: 'client', answer: { state: 'FIN_WAIT_2', send: [] } },
    'The client answers: enter FIN_WAIT_2, send nothing',
    '客户端作答：进入 FIN_WAIT_2，不发送报文段',
  ],
  [{ by: 'control', action: 'start' }, 'The lab starts', '实验开始'],
  [{ by: 'control', action: 'pause' }, 'The lab is paused', '实验暂停'],
  [{ by: 'control', action: 'resume' }, 'The lab resumes', '实验继续'],
  [{ by: 'control', action: 'end' }, 'The lab ends', '实验结束'],
  [
    { by: 'control', action: 'end', cause: 'seat-removed', seat: 'server' },
    'The lab ends: the student playing the server left the class',
    '实验结束：扮演服务器的学生离开了班级',
  ],
  [{ by: 'control', action: 'set-clock', clockRate: 0 }, 'The clock is stopped', '时钟停止'],
  [{ by: 'control', action: 'set-clock', clockRate: 10 }, 'The clock runs at 10×', '时钟以 10 倍速运行'],
  [
    { by: 'control', action: 'set-clock', clockRate: null },
    "The clock runs at the server's pace",
    '时钟按服务器的默认速度运行',
  ],
  [
    { by: 'control', action: 'new-round', cause: 'profile', round: 2 },
    'A new round begins (the other TCP profile)',
    '新一轮开始（换用另一种行为配置）',
  ],
  [
    { by: 'control', action: 'new-round', cause: 'reset', round: 3 },
    'A new round begins (the lab was reset)',
    '新一轮开始（实验被重置）',
  ],
  [
    { by: 'control', action: 'rebuilt', reason: 'x' },
    'The lab was rebuilt from its log',
    '实验已按其记录重建',
  ],
  [
    { by: 'control', action: 'linux-peer', role: 'server' },
    'The real Linux kernel plays the server',
    '由真实的 Linux 内核扮演服务器',
  ],
  [{ by: 'control', action: 'linux-peer', role: null }, 'Linux stops playing', 'Linux 不再参与'],
];

describe('moves in plain words (move-words.ts), for the replay', () => {
  test.each(MOVES)('%j', (move, en, zh) => {
    expect(moveInWords(move)).toEqual({ en, zh });
  });

  test('the Chinese holds no English words besides calls, states, flags and field names', () => {
    const allowed = /^(connect|send|read|SYN_RCVD|FIN_WAIT_2|SYN|ACK|RST|seq|ack|len|Linux)$/;
    for (const [move] of MOVES) {
      const words = moveInWords(move).zh.match(/[A-Za-z_0-9]*[A-Za-z][A-Za-z_0-9]*/g) ?? [];
      expect(words.filter((word) => !allowed.test(word))).toEqual([]);
    }
  });

  test('a malformed move is shown as it was sent; the compact summary stays what the CLI prints', () => {
    expect(moveInWords({ by: 'client', fly: true })).toEqual({
      en: '{"by":"client","fly":true}',
      zh: '{"by":"client","fly":true}',
    });
    expect(moveInWords(null)).toEqual({ en: 'null', zh: 'null' });
    expect(summarizeMove({ by: 'network', action: 'deliver', id: 3 })).toBe('network deliver segment id 3');
  });
});
