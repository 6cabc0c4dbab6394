/**
 * Linux beside tcp-core where students look: the ladder marks Linux's segments with tcp-core's prediction and
 * flags a difference with ≠ and words (not by colour alone); the move feedback and the replay say the same; a
 * student alone in a lab may hand the other side to Linux; a restart's reason is read by whoever is in the lab.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { LabSnapshot } from '@tcp-lab/lab-protocol';
import type { Bilingual, ControlMove, Segment, TranscriptEntry } from '@tcp-lab/tcp-core';
import i18n from '../src/i18n';
import { LINUX_PEER_TEXTS } from '../src/i18n/linux-peer';
import { ApiError } from '../src/api/http';
import { play } from './labs';
import { answers, calls, resetApi } from './mock-api';

jest.mock('../src/api/http', () => jest.requireActual('./mock-api').mockedHttp());

// imported after the mock is declared (jest hoists jest.mock)
import { Ladder } from '../src/components/Ladder';
import { MoveFeedback } from '../src/components/MoveFeedback';
import { ReplayEntry } from '../src/components/ReplayEntry';
import { TranscriptReplay } from '../src/pages/ReplayPage';
import { StudentLinuxPeer } from '../src/components/StudentLinuxPeer';

afterEach(() => act(() => void i18n.changeLanguage('en')));
beforeEach(resetApi);
const settle = () => act(async () => undefined);

const control = (step: number, move: ControlMove, actor = 'client'): TranscriptEntry =>
  ({
    step,
    actor,
    move,
    ok: true,
    before: { client: 'CLOSED', server: 'CLOSED' },
    after: { client: 'CLOSED', server: 'CLOSED' },
    transitions: [],
    emitted: [],
    events: [],
    clock: 0,
  }) as TranscriptEntry;

interface Kernel {
  linux: Segment[];
  predicted: Segment[];
  state: string;
  predictedState: string;
  agreed: boolean;
  differences?: { what: Bilingual; allowedBy?: string }[];
}

/**
 * A solo student's lab: Linux was handed the server (a linux-peer control), the built-in server listened, the
 * student connected, and the SYN was delivered to Linux, whose answer is `answer`.
 */
function labWithLinux(answer: (synAck: Segment) => Kernel) {
  const { transcript } = play([
    { by: 'server', call: 'listen' },
    { by: 'client', call: 'connect' },
    { by: 'network', action: 'deliver', from: 'client' },
  ]);
  const [listen, connect, deliver] = transcript.entries;
  const synAck = deliver.emitted[0];
  const kernelOf = (step: number, k: Kernel) => ({
    step,
    role: 'server',
    linux: { sent: k.linux, state: k.state },
    predicted: { sent: k.predicted, state: k.predictedState },
    agreed: k.agreed,
    differences: k.differences ?? [],
  });
  const shift = (entry: TranscriptEntry) => ({ ...entry, step: entry.step + 1 });
  const entries = [
    control(1, { by: 'control', action: 'linux-peer', role: 'server' }),
    {
      ...shift(listen),
      kernel: kernelOf(2, {
        linux: [],
        predicted: [],
        state: 'LISTEN',
        predictedState: 'LISTEN',
        agreed: true,
      }),
    },
    shift(connect),
    { ...shift(deliver), kernel: kernelOf(4, answer(synAck)) },
  ] as TranscriptEntry[];
  return { entries, synAck };
}

const agreeing = (synAck: Segment): Kernel => ({
  linux: [{ ...synAck, wnd: 64240 }],
  predicted: [synAck],
  state: 'SYN_RCVD',
  predictedState: 'SYN_RCVD',
  agreed: true,
  differences: [
    { what: { en: 'window 64240, not 65535', zh: '窗口为 64240，而不是 65535' }, allowedBy: 'window-size' },
  ],
});

/** Linux answered the SYN with a RST and stayed in LISTEN, and sent a second segment tcp-core did not predict. */
const differing = (synAck: Segment): Kernel => ({
  linux: [
    { flags: ['RST', 'ACK'], seq: 0, ack: 1001, len: 0 },
    { flags: ['ACK'], seq: 5001, ack: 1001, len: 0 },
  ],
  predicted: [synAck],
  state: 'LISTEN',
  predictedState: 'SYN_RCVD',
  agreed: false,
  differences: [
    {
      what: {
        en: 'Linux sent RST where tcp-core sends SYN,ACK',
        zh: 'Linux 发送了 RST，而 tcp-core 发送 SYN,ACK',
      },
    },
  ],
});

describe('the ladder where Linux plays a side', () => {
  it("tags Linux's segment and says tcp-core predicted the same; the row gives both states; the lifeline says Linux", () => {
    const { entries } = labWithLinux(agreeing);
    const { container } = render(<Ladder entries={entries} />);
    const synAck = container.querySelector('.segment--from-server')!;
    expect(synAck).toHaveClass('segment--linux');
    expect(synAck).toHaveTextContent('SYN,ACK seq=5000 ack=1001');
    expect(synAck).toHaveTextContent('[Linux, in flight]');
    const mark = within(synAck as HTMLElement).getByTestId('segment-linux');
    expect(mark).toHaveAttribute('data-agreed', 'true');
    expect(mark).toHaveTextContent('✓ Linux sent this; tcp-core predicted the same');
    // the client's SYN is the student's (tcp-core's), not Linux's
    expect(container.querySelector('.segment--from-client')).not.toHaveClass('segment--linux');
    const rows = screen.getAllByTestId('ladder-linux');
    expect(rows.map((row) => row.textContent)).toEqual([
      'Linux (Server): LISTEN✓ tcp-core predicted the same',
      'Linux (Server): SYN_RCVD✓ tcp-core predicted the same',
    ]);
    expect(screen.getByTestId('lifeline-title-server')).toHaveTextContent('Server · Linux');
    expect(screen.getByTestId('lifeline-title-client')).toHaveTextContent(/^Client$/);
  });

  it('flags a difference with ≠ and words: what Linux sent beside the prediction, its state, a segment on no arrow', () => {
    const { entries } = labWithLinux(differing);
    const { container } = render(<Ladder entries={entries} />);
    const mark = within(container.querySelector('.segment--from-server') as HTMLElement).getByTestId(
      'segment-linux',
    );
    expect(mark).toHaveAttribute('data-agreed', 'false');
    expect(mark).toHaveTextContent(
      '≠ Linux sent ACK,RST seq=0 ack=1001; tcp-core predicted SYN,ACK seq=5000 ack=1001',
    );
    const row = screen.getAllByTestId('ladder-linux')[1];
    expect(row).toHaveAttribute('data-agreed', 'false');
    expect(Array.from(row.querySelectorAll('text')).map((line) => line.textContent)).toEqual([
      'Linux (Server): LISTEN',
      '≠ tcp-core predicted SYN_RCVD',
      '≠ Linux also sent ACK seq=5001 ack=1001',
      'tcp-core predicted nothing',
    ]);
  });

  it('is written in Chinese', () => {
    act(() => void i18n.changeLanguage('zh'));
    const { entries } = labWithLinux(differing);
    const { container } = render(<Ladder entries={entries} />);
    expect(container.querySelector('[data-testid="segment-linux"]')).toHaveTextContent(
      '≠ Linux 发送了 ACK,RST seq=0 ack=1001；tcp-core 预测的是 SYN,ACK seq=5000 ack=1001',
    );
    expect(screen.getAllByTestId('ladder-linux')[1]).toHaveTextContent(
      'Linux（服务器）：LISTEN≠ tcp-core 预测的是 SYN_RCVD',
    );
  });
});

describe('the move feedback and the replay', () => {
  it("after the student's move, says what Linux did beside tcp-core's prediction, allowed differences marked", () => {
    const { entries } = labWithLinux(agreeing);
    render(<MoveFeedback ack={{ ok: true, duplicate: false, entry: entries[3], lab: undefined as never }} />);
    const compare = screen.getByTestId('kernel-compare');
    expect(compare).toHaveAttribute('data-agreed', 'true');
    expect(compare).toHaveTextContent('✓ Linux agreed with tcp-core');
    expect(screen.getByTestId('kernel-compare-linux')).toHaveTextContent(
      'SYN,ACK seq=5000 ack=1001 · state SYN_RCVD',
    );
    expect(screen.getByTestId('kernel-compare-predicted')).toHaveTextContent(
      'SYN,ACK seq=5000 ack=1001 · state SYN_RCVD',
    );
    expect(compare).toHaveTextContent('✓ window 64240, not 65535 (allowed)');
  });

  it('flags a move where Linux differs, in Chinese too', () => {
    const { entries } = labWithLinux(differing);
    const { rerender } = render(
      <MoveFeedback ack={{ ok: true, duplicate: false, entry: entries[3], lab: undefined as never }} />,
    );
    expect(screen.getByTestId('kernel-compare')).toHaveTextContent(
      '≠ Linux differs from tcp-core (What the real Linux kernel did)',
    );
    expect(screen.getByTestId('kernel-compare')).toHaveTextContent(
      '≠ Linux sent RST where tcp-core sends SYN,ACK',
    );
    act(() => void i18n.changeLanguage('zh'));
    rerender(
      <MoveFeedback ack={{ ok: true, duplicate: false, entry: entries[3], lab: undefined as never }} />,
    );
    expect(screen.getByTestId('kernel-compare')).toHaveTextContent('≠ Linux 与 tcp-core 不一致');
    expect(screen.getByTestId('kernel-compare-linux')).toHaveTextContent(
      'ACK,RST seq=0 ack=1001; ACK seq=5001 ack=1001',
    );
  });

  it('a move Linux had no part in says nothing about Linux', () => {
    const { entries } = labWithLinux(agreeing);
    render(<MoveFeedback ack={{ ok: true, duplicate: false, entry: entries[2], lab: undefined as never }} />);
    expect(screen.queryByTestId('kernel-compare')).toBeNull();
  });

  it('the replay shows the marks on its ladder, the comparison of the chosen entry, and why Linux stopped', () => {
    const { entries } = labWithLinux(differing);
    const reason = {
      en: 'The server restarted: Linux no longer plays the server.',
      zh: '服务器重新启动了：Linux 不再扮演服务器。',
    };
    const transcript = {
      format: 'tcp-lab-transcript/1' as const,
      settings: play([]).lab.settings,
      entries: [
        ...entries,
        control(5, { by: 'control', action: 'linux-peer', role: null, reason }, 'system'),
      ],
    };
    render(<TranscriptReplay transcript={transcript} />);
    expect(screen.getByTestId('replay-linux-peer')).toHaveTextContent(reason.en);
    fireEvent.click(screen.getByRole('button', { name: /Back/ }));
    expect(screen.getByTestId('kernel-compare')).toHaveAttribute('data-agreed', 'false');
    expect(screen.getAllByTestId('segment-linux')[0]).toHaveAttribute('data-agreed', 'false');
    render(<ReplayEntry entry={entries[0]} />);
    expect(screen.getAllByTestId('replay-linux-peer').at(-1)).toHaveTextContent(
      'From here the real Linux kernel plays the Server.',
    );
  });
});

function snapshotOf(
  entries: TranscriptEntry[],
  seats: { client: unknown; server: unknown },
  status = 'running',
) {
  return { id: 'lab-1', status, seats, transcript: entries } as unknown as LabSnapshot;
}
const alone = { client: { displayName: 'Wei' }, server: null };

describe("the student's page: handing the other side to Linux", () => {
  it('a student alone offers the other side to Linux, and the server refuses with its reason in their language', async () => {
    answers.set('GET /linux-peer', { available: true });
    answers.set('POST /labs/lab-1/linux-peer', () => {
      throw new ApiError(409, 'CONFLICT', {
        en: 'your class is taking a quiz: Linux cannot play in your lab until the quiz ends',
        zh: '你的班级正在进行测验：测验结束之前，Linux 不能在你的实验中扮演对端',
      });
    });
    render(<StudentLinuxPeer snapshot={snapshotOf([], alone)} role="client" token="seat" />);
    await settle();
    expect(screen.getByTestId('student-linux-peer')).toHaveTextContent('Nobody plays the Server in your lab');
    act(() => void i18n.changeLanguage('zh'));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '让 Linux 扮演服务器' })));
    expect(calls.find((call) => call.method === 'POST')).toEqual({
      path: '/labs/lab-1/linux-peer',
      method: 'POST',
      body: { role: 'server' },
    });
    expect(screen.getByRole('alert')).toHaveTextContent('你的班级正在进行测验');
  });

  it('once the log says Linux plays the other side: says so, with Stop', async () => {
    answers.set('GET /linux-peer', { available: true });
    answers.set('DELETE /labs/lab-1/linux-peer', { role: null });
    const on = [control(1, { by: 'control', action: 'linux-peer', role: 'server' })];
    render(<StudentLinuxPeer snapshot={snapshotOf(on, alone)} role="client" token="seat" />);
    await settle();
    expect(screen.getByTestId('linux-peer-role')).toHaveTextContent('Linux plays the Server.');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stop' })));
    expect(calls.some((call) => call.method === 'DELETE' && call.path === '/labs/lab-1/linux-peer')).toBe(
      true,
    );
  });

  it('is hidden when the server cannot let Linux play, and when a partner plays the other side', async () => {
    answers.set('GET /linux-peer', {
      available: false,
      reason: { en: 'LINUX_PEER is not set', zh: '未设置 LINUX_PEER' },
    });
    const { container, unmount } = render(
      <StudentLinuxPeer snapshot={snapshotOf([], alone)} role="client" token="seat" />,
    );
    await settle();
    expect(container).toBeEmptyDOMElement();
    unmount();
    answers.set('GET /linux-peer', { available: true });
    const paired = { client: { displayName: 'Wei' }, server: { displayName: 'Mei' } };
    const again = render(<StudentLinuxPeer snapshot={snapshotOf([], paired)} role="client" token="seat" />);
    await settle();
    expect(again.container).toBeEmptyDOMElement();
  });

  it('after a restart ended Linux, the student reads why, in both languages, even where Linux is now off', async () => {
    answers.set('GET /linux-peer', { available: false });
    const reason = {
      en: "The server restarted, and Linux's connection ended with it: Linux no longer plays the server.",
      zh: '服务器重新启动了，Linux 的连接也随之结束：Linux 不再扮演服务器。',
    };
    const entries = [
      control(1, { by: 'control', action: 'linux-peer', role: 'server' }),
      control(2, { by: 'control', action: 'linux-peer', role: null, reason }, 'system'),
    ];
    render(<StudentLinuxPeer snapshot={snapshotOf(entries, alone)} role="client" token="seat" />);
    await settle();
    expect(screen.getByTestId('linux-peer-notice')).toHaveTextContent(`Linux stopped playing: ${reason.en}`);
    act(() => void i18n.changeLanguage('zh'));
    expect(screen.getByTestId('linux-peer-notice')).toHaveTextContent(reason.zh);
  });
});

describe("the Linux peer's texts", () => {
  it('exist in both languages with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const { en, zh } = LINUX_PEER_TEXTS;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[key]).not.toBe('');
      expect(placeholders(zh[key])).toEqual(placeholders(en[key]));
    }
  });
});
