/**
 * A move in plain words, in both languages, for what students read (the replay's step header): the CLI, CSV and
 * logs keep `summarizeMove`'s compact English ("network deliver segment id 3"), which is for people reading
 * transcripts as data.
 */
import { describeSegment } from './segment';
import { FAULT_KIND_CHOICES } from './settings';
import type { Bilingual, Role, Segment } from './types';

const ROLE: Record<Role, Bilingual> = {
  client: { en: 'the client', zh: '客户端' },
  server: { en: 'the server', zh: '服务器' },
};
const roleOf = (value: unknown): Bilingual | null =>
  value === 'client' || value === 'server' ? ROLE[value] : null;
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const ROUND_CAUSE: Record<string, Bilingual> = {
  reset: { en: 'the lab was reset', zh: '实验被重置' },
  'swap-roles': { en: 'the students swapped roles', zh: '两名学生交换了角色' },
  'set-scenario': { en: 'a new scenario', zh: '换了新的场景' },
  profile: { en: 'the other TCP profile', zh: '换用另一种行为配置' },
};

export function moveInWords(move: unknown): Bilingual {
  if (typeof move !== 'object' || move === null) return same(JSON.stringify(move) ?? String(move));
  const m = move as Record<string, unknown>;
  const role = roleOf(m.by);
  if (m.by === 'clock')
    return { en: `The clock runs ${String(m.advance)} ms`, zh: `时钟前进 ${String(m.advance)} 毫秒` };
  if (m.by === 'control') return controlInWords(m);
  if (m.by === 'network') return networkInWords(m);
  if (role && m.answer && typeof m.answer === 'object') {
    const answer = m.answer as { state?: unknown; send?: unknown };
    const segments = Array.isArray(answer.send)
      ? answer.send.map((s: Segment) => (s && Array.isArray(s.flags) ? describeSegment(s) : '?'))
      : [];
    const sends = segments.length > 0 ? segments.join('; ') : null;
    return {
      en: `${capital(role.en)} answers: enter ${String(answer.state)}, ${sends ? `send ${sends}` : 'send nothing'}`,
      zh: `${role.zh}作答：进入 ${String(answer.state)}，${sends ? `发送 ${sends}` : '不发送报文段'}`,
    };
  }
  if (role && typeof m.call === 'string') {
    if (m.call === 'send')
      return {
        en: `${capital(role.en)} calls send() with ${String(m.bytes)} bytes`,
        zh: `${role.zh}调用 send()，发送 ${String(m.bytes)} 字节`,
      };
    if (m.call === 'read')
      return m.bytes === undefined
        ? { en: `${capital(role.en)} calls read()`, zh: `${role.zh}调用 read()` }
        : {
            en: `${capital(role.en)} calls read() for up to ${String(m.bytes)} bytes`,
            zh: `${role.zh}调用 read()，最多读取 ${String(m.bytes)} 字节`,
          };
    return { en: `${capital(role.en)} calls ${m.call}()`, zh: `${role.zh}调用 ${m.call}()` };
  }
  return same(JSON.stringify(move)); // a malformed move: shown as it was sent
}

function controlInWords(m: Record<string, unknown>): Bilingual {
  switch (m.action) {
    case 'start':
      return { en: 'The lab starts', zh: '实验开始' };
    case 'pause':
      return { en: 'The lab is paused', zh: '实验暂停' };
    case 'resume':
      return { en: 'The lab resumes', zh: '实验继续' };
    case 'end': {
      const seat = roleOf(m.seat);
      return m.cause === 'seat-removed' && seat
        ? {
            en: `The lab ends: the student playing ${seat.en} left the class`,
            zh: `实验结束：扮演${seat.zh}的学生离开了班级`,
          }
        : { en: 'The lab ends', zh: '实验结束' };
    }
    case 'set-clock':
      return m.clockRate === null
        ? { en: "The clock runs at the server's pace", zh: '时钟按服务器的默认速度运行' }
        : m.clockRate === 0
          ? { en: 'The clock is stopped', zh: '时钟停止' }
          : { en: `The clock runs at ${String(m.clockRate)}×`, zh: `时钟以 ${String(m.clockRate)} 倍速运行` };
    case 'new-round': {
      const cause = ROUND_CAUSE[String(m.cause)];
      return cause
        ? { en: `A new round begins (${cause.en})`, zh: `新一轮开始（${cause.zh}）` }
        : { en: 'A new round begins', zh: '新一轮开始' };
    }
    case 'rebuilt':
      return { en: 'The lab was rebuilt from its log', zh: '实验已按其记录重建' };
    case 'linux-peer': {
      const side = roleOf(m.role);
      return side
        ? { en: `The real Linux kernel plays ${side.en}`, zh: `由真实的 Linux 内核扮演${side.zh}` }
        : { en: 'Linux stops playing', zh: 'Linux 不再参与' };
    }
    default:
      return same(`control ${String(m.action)}`);
  }
}

function networkInWords(m: Record<string, unknown>): Bilingual {
  const which =
    m.id !== undefined
      ? { en: `segment #${String(m.id)}`, zh: `报文段 #${String(m.id)}` }
      : {
          en: `${ROLE[m.from === 'server' ? 'server' : 'client'].en}'s segment ${Number(m.index ?? 0) + 1} in flight`,
          zh: `${ROLE[m.from === 'server' ? 'server' : 'client'].zh}在途的第 ${Number(m.index ?? 0) + 1} 个报文段`,
        };
  switch (m.action) {
    case 'deliver':
      return { en: `The network delivers ${which.en}`, zh: `网络送达${which.zh}` };
    case 'drop':
      return { en: `The network drops ${which.en}`, zh: `网络丢弃${which.zh}` };
    case 'duplicate':
      return { en: `The network duplicates ${which.en}`, zh: `网络复制${which.zh}` };
    case 'deliver-all':
      return { en: 'The network delivers every segment in flight', zh: '网络送达所有在途报文段' };
    case 'inject': {
      const to = roleOf(m.to) ?? ROLE.client;
      const seg = m.segment as Segment | undefined;
      const text = seg && Array.isArray(seg.flags) ? describeSegment(seg) : '?';
      return { en: `A segment ${text} is injected toward ${to.en}`, zh: `向${to.zh}注入报文段 ${text}` };
    }
    case 'fault': {
      const from = roleOf(m.from) ?? ROLE.client;
      const fault = FAULT_KIND_CHOICES.find((choice) => choice.value === m.fault)?.label;
      return fault
        ? {
            en: `The teacher arms a fault for ${from.en}: ${fault.en.charAt(0).toLowerCase()}${fault.en.slice(1)}`,
            zh: `老师为${from.zh}设置故障：${fault.zh}`,
          }
        : same(`network fault ${String(m.fault)}`);
    }
    default:
      return same(`network ${String(m.action)}`);
  }
}

const same = (text: string): Bilingual => ({ en: text, zh: text });
