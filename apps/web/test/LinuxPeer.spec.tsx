import { act, fireEvent, render, screen } from '@testing-library/react';
import type { LabSnapshot } from '@tcp-lab/lab-protocol';
import i18n from '../src/i18n';
import { ApiError } from '../src/api/http';
import { play } from './labs';
import { answers, calls, resetApi } from './mock-api';

jest.mock('../src/api/http', () => jest.requireActual('./mock-api').mockedHttp());

// imported after the mock is declared (jest hoists jest.mock)
import { LinuxPeerControl } from '../src/components/LinuxPeer';
import { TranscriptAsText } from '../src/components/LabView';

afterEach(() => act(() => void i18n.changeLanguage('en')));
beforeEach(resetApi);

const settle = () => act(async () => undefined);

describe('the Linux-as-the-peer control on the watch page', () => {
  it('says why Linux cannot play here, in both languages, and offers no button', async () => {
    answers.set('GET /linux-peer', {
      available: false,
      reason: { en: 'LINUX_PEER is not set', zh: '未设置 LINUX_PEER' },
    });
    render(<LinuxPeerControl labId="lab-1" token="tok" />);
    await settle();
    const note = screen.getByTestId('linux-peer-unavailable');
    expect(note).toHaveTextContent('LINUX_PEER is not set');
    expect(note).toHaveTextContent('未设置 LINUX_PEER');
    expect(screen.queryByRole('button')).toBeNull();
    expect(calls.map((call) => call.path)).toEqual(['/linux-peer']); // the lab is not asked
  });

  it('lets the instructor pick a side, turns Linux on, and stops it again', async () => {
    answers.set('GET /linux-peer', { available: true });
    answers.set('GET /labs/lab-1/linux-peer', { role: null, moves: [] });
    answers.set('POST /labs/lab-1/linux-peer', { role: 'client' });
    answers.set('DELETE /labs/lab-1/linux-peer', { role: null });
    render(<LinuxPeerControl labId="lab-1" token="tok" />);
    await settle();
    fireEvent.change(screen.getByLabelText('Side'), { target: { value: 'client' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Let Linux play this side' })));
    expect(calls.find((call) => call.method === 'POST')).toEqual({
      path: '/labs/lab-1/linux-peer',
      method: 'POST',
      body: { role: 'client' },
    });
    expect(screen.getByTestId('linux-peer-role')).toHaveTextContent('Linux plays the Client.');
    // IPv6 on request: the API's `family`
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stop' })));
    fireEvent.change(screen.getByLabelText('IP version'), { target: { value: '6' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Let Linux play this side' })));
    expect(calls.filter((call) => call.method === 'POST').at(-1)!.body).toEqual({
      role: 'client',
      family: 6,
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stop' })));
    expect(calls.some((call) => call.method === 'DELETE' && call.path === '/labs/lab-1/linux-peer')).toBe(
      true,
    );
    expect(screen.getByRole('button', { name: 'Let Linux play this side' })).toBeInTheDocument();
  });

  it('shows the side Linux already plays, with Stop', async () => {
    answers.set('GET /linux-peer', { available: true });
    answers.set('GET /labs/lab-1/linux-peer', { role: 'server', moves: [] });
    render(<LinuxPeerControl labId="lab-1" token={null} />);
    await settle();
    expect(screen.getByTestId('linux-peer-role')).toHaveTextContent('Linux plays the Server.');
    expect(screen.getByRole('button', { name: 'Stop' })).toBeInTheDocument();
  });

  it("shows the server's refusal in the current language", async () => {
    answers.set('GET /linux-peer', { available: true });
    answers.set('GET /labs/lab-1/linux-peer', { role: null, moves: [] });
    answers.set('POST /labs/lab-1/linux-peer', () => {
      throw new ApiError(409, 'CONFLICT', {
        en: 'choose the Linux profile first',
        zh: '请先选择 Linux 配置',
      });
    });
    render(<LinuxPeerControl labId="lab-1" token="tok" />);
    await settle();
    act(() => void i18n.changeLanguage('zh'));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '让 Linux 扮演这一方' })));
    expect(screen.getByRole('alert')).toHaveTextContent('请先选择 Linux 配置');
    expect(screen.getByRole('button', { name: '让 Linux 扮演这一方' })).toBeInTheDocument(); // still off
  });
});

function snapshotWithKernel(): LabSnapshot {
  const { lab, transcript } = play([
    { by: 'server', call: 'listen' },
    { by: 'client', call: 'connect' },
    { by: 'network', action: 'deliver', from: 'client' },
  ]);
  const [listen, connect, deliver] = transcript.entries;
  const synAck = deliver.emitted[0];
  const entries = [
    { ...listen, kernel: undefined },
    connect,
    {
      ...deliver,
      kernel: {
        step: deliver.step,
        role: 'server',
        linux: { sent: [{ ...synAck, wnd: 64240 }], state: 'SYN_RECEIVED' },
        predicted: { sent: [synAck], state: 'SYN_RECEIVED' },
        agreed: true,
        differences: [
          {
            what: { en: 'window 64240, not 65535', zh: '窗口为 64240，而不是 65535' },
            allowedBy: 'window-size',
          },
        ],
      },
    },
  ];
  entries[0] = {
    ...listen,
    kernel: {
      step: listen.step,
      role: 'server',
      linux: { sent: [], state: 'CLOSED' },
      predicted: { sent: [], state: 'LISTEN' },
      agreed: false,
      differences: [{ what: { en: 'state CLOSED, not LISTEN', zh: '状态为 CLOSED，而不是 LISTEN' } }],
    },
  } as never;
  return { lab, transcript: entries, states: { client: 'SYN_SENT', server: 'SYN_RECEIVED' } } as never;
}

describe("Linux's move in the transcript as text", () => {
  it('says what Linux sent and its state, agreed (allowed differences marked) or flagged as differing', () => {
    render(<TranscriptAsText snapshot={snapshotWithKernel()} />);
    const lines = screen.getAllByTestId('kernel-line');
    expect(lines).toHaveLength(2); // the connect entry has none
    const [differs, agreed] = lines;
    expect(differs).toHaveAttribute('data-agreed', 'false');
    expect(differs).toHaveTextContent(
      '⚠ Linux (Server): sent nothing, CLOSED — differs: state CLOSED, not LISTEN',
    );
    expect(agreed).toHaveAttribute('data-agreed', 'true');
    expect(agreed).toHaveTextContent(/^✓ Linux \(Server\): SYN,ACK seq=5000 ack=1001, SYN_RECEIVED/);
    expect(agreed).toHaveTextContent('— agreed (allowed differences: window 64240, not 65535 (allowed))');
  });

  it('is written in Chinese', () => {
    act(() => void i18n.changeLanguage('zh'));
    render(<TranscriptAsText snapshot={snapshotWithKernel()} />);
    const [differs, agreed] = screen.getAllByTestId('kernel-line');
    expect(differs).toHaveTextContent(
      'Linux（服务器）：没有发送报文段，CLOSED — 不一致：状态为 CLOSED，而不是 LISTEN',
    );
    expect(agreed).toHaveTextContent('一致（允许的差异：窗口为 64240，而不是 65535（允许））');
  });
});
