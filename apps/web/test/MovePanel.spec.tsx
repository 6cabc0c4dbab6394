import { act, fireEvent, render, screen } from '@testing-library/react';
import { applyMove, labView, type Lab, type Move, type Role } from '@tcp-lab/tcp-core';
import i18n from '../src/i18n';
import type { MoveAck } from '@tcp-lab/lab-protocol';
import { MovePanel } from '../src/components/MovePanel';
import { play } from './labs';

/** Answers a move the way the server does: tcp-core decides, the ack carries its reason and entry. */
function referee(lab: Lab) {
  const moves: Move[] = [];
  const onMove = jest.fn(async (move: Move): Promise<MoveAck> => {
    moves.push(move);
    const result = applyMove(
      lab,
      move,
      'by' in move && (move.by === 'client' || move.by === 'server') ? move.by : 'system',
    );
    if (!result.ok) return { ok: false, code: result.code, reason: result.reason };
    const entry = {
      step: 1,
      actor: 'client' as const,
      move,
      ok: true,
      before: { client: lab.client.state, server: lab.server.state },
      after: { client: result.lab.client.state, server: result.lab.server.state },
      transitions: result.transitions,
      emitted: result.emitted,
      events: result.events,
      clock: result.lab.clock,
      correct: result.correct,
      expected: result.expected,
      mistake: result.mistake,
    };
    return { ok: true, duplicate: false, entry, lab: undefined as never };
  });
  return { onMove, moves };
}

function renderPanel(lab: Lab, role: Role) {
  const { onMove, moves } = referee(lab);
  render(<MovePanel lab={labView(lab, role)} role={role} onMove={onMove} />);
  return { onMove, moves };
}

describe('MovePanel', () => {
  it('turns each socket call button into a Move for the student own endpoint', async () => {
    const { lab } = play([]);
    const { moves } = renderPanel(lab, 'server');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'listen()' })));
    expect(moves).toEqual([{ by: 'server', call: 'listen' }]);
    fireEvent.change(screen.getByLabelText('Bytes to send'), { target: { value: '250' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'send(250)' })));
    expect(moves[1]).toEqual({ by: 'server', call: 'send', bytes: 250 });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'abort()' })));
    expect(moves[2]).toEqual({ by: 'server', call: 'abort' });
  });

  it('offers shutdown() always, and read() only when data waits for the application (appReads call)', async () => {
    const handshake: Move[] = [
      { by: 'server', call: 'listen' },
      { by: 'client', call: 'connect' },
      { by: 'network', action: 'deliver-all' },
      { by: 'client', call: 'send', bytes: 300 },
      { by: 'network', action: 'deliver-all' },
    ];
    const auto = play(handshake);
    const { unmount } = render(
      <MovePanel lab={labView(auto.lab, 'server')} role="server" onMove={jest.fn()} />,
    );
    expect(screen.getByRole('button', { name: 'shutdown()' })).toBeEnabled();
    expect(screen.queryByRole('button', { name: /^read\(/ })).toBeNull();
    unmount();

    const { lab } = play(handshake, { isn: { client: 1000, server: 5000 }, appReads: 'call' });
    expect(lab.server.rcvBuffered).toBe(300);
    const { moves } = renderPanel(lab, 'server');
    expect(screen.getByTestId('unread')).toHaveTextContent('300 octets wait unread');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'read()' })));
    expect(moves).toEqual([{ by: 'server', call: 'read' }]);
    fireEvent.change(screen.getByLabelText('Bytes to read (empty: all)'), { target: { value: '120' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'read(120)' })));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'shutdown()' })));
    expect(moves.slice(1)).toEqual([
      { by: 'server', call: 'read', bytes: 120 },
      { by: 'server', call: 'shutdown' },
    ]);
    // every call button has a name of its own
    const names = screen.getAllByRole('button').map((button) => button.textContent);
    expect(new Set(names).size).toBe(names.length);
    act(() => void i18n.changeLanguage('zh'));
    expect(screen.getByTestId('unread')).toHaveTextContent('接收缓冲区中有 300 字节尚未读取');
    act(() => void i18n.changeLanguage('en'));
  });

  it('keeps illegal calls clickable and shows the rejection reason in the current language', async () => {
    const { lab } = play([]);
    const rejection = applyMove(lab, { by: 'client', call: 'close' }, 'client');
    if (rejection.ok) throw new Error('close in CLOSED should be rejected');
    renderPanel(lab, 'client');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'close()' })));
    // plain words on screen; the code stays in the API and a data attribute
    expect(screen.getByTestId('feedback')).not.toHaveTextContent(rejection.code);
    expect(screen.getByTestId('feedback')).toHaveAttribute('data-code', rejection.code);
    expect(screen.getByTestId('feedback')).toHaveTextContent(rejection.reason.en);
    act(() => void i18n.changeLanguage('zh'));
    expect(screen.getByTestId('feedback')).toHaveTextContent(rejection.reason.zh);
    expect(screen.getByTestId('feedback')).toHaveTextContent('不允许此操作');
  });

  it('offers deliver, drop and duplicate for each segment in flight, addressed by segment id', async () => {
    const { lab } = play([
      { by: 'server', call: 'listen' },
      { by: 'client', call: 'connect' },
    ]);
    const { moves } = renderPanel(lab, 'server');
    expect(screen.getByText('SYN seq=1000')).toBeInTheDocument();
    // each button names the segment it acts on
    const names = screen.getAllByRole('button').map((button) => button.getAttribute('aria-label'));
    expect(names).toContain('Deliver segment #1 SYN seq=1000 from the Client');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: /^Duplicate segment #1 / })));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: /^Deliver segment #1 / })));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Deliver all' })));
    expect(moves).toEqual([
      { by: 'network', action: 'duplicate', id: lab.inFlight[0].id },
      { by: 'network', action: 'deliver', id: lab.inFlight[0].id },
      { by: 'network', action: 'deliver-all' },
    ]);
    expect(screen.getByTestId('feedback')).toHaveTextContent('Server: LISTEN → SYN_RCVD');
  });

  it('says when a segment in flight is held back by a delay fault', () => {
    const { lab } = play([
      { by: 'network', action: 'fault', fault: 'delay', from: 'client', delayMs: 500 },
      { by: 'server', call: 'listen' },
      { by: 'client', call: 'connect' },
    ]);
    expect(lab.inFlight[0].holdUntil).toBe(500);
    renderPanel(lab, 'client');
    expect(screen.getByText(/delayed until 500 ms/)).toBeInTheDocument();
  });

  it('lets a running timer fire by advancing the clock exactly to it', async () => {
    const { lab } = play([
      { by: 'server', call: 'listen' },
      { by: 'client', call: 'connect' },
    ]);
    const due = lab.client.timers.retransmit!;
    const { moves } = renderPanel(lab, 'client');
    const [fire] = screen.getAllByRole('button', { name: /^Let it fire/ });
    await act(async () => fireEvent.click(fire));
    expect(moves).toEqual([{ by: 'clock', advance: due - lab.clock }]);
  });

  it('composes a stack-mode answer from the pending event, and explains a wrong one with the expected answer', async () => {
    const { lab } = play([{ by: 'client', call: 'connect' }], {
      isn: { client: 1000, server: 5000 },
      mode: 'stack',
    });
    const pending = labView(lab, 'client').pending.client;
    expect(pending?.expected).toBeUndefined();
    const { moves } = renderPanel(lab, 'client');
    expect(screen.getByTestId('pending-event')).toHaveTextContent(pending!.event.en);
    fireEvent.change(screen.getByLabelText('Next state'), { target: { value: 'SYN_SENT' } });
    fireEvent.click(screen.getByRole('button', { name: '+ Add a segment' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'SYN' }));
    // the TCB's ISS is offered for seq; the student still decides
    fireEvent.click(screen.getByRole('button', { name: 'seq ← ISS (1000) · Segment 1' }));
    expect(screen.getByLabelText('seq of segment 1')).toHaveValue(1000);
    fireEvent.change(screen.getByLabelText('len of segment 1'), { target: { value: '0' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Submit answer' })));
    expect(moves).toEqual([
      { by: 'client', answer: { state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: 1000, len: 0 }] } },
    ]);
    expect(screen.getByTestId('feedback')).toHaveTextContent('Correct');
  });

  it('shows the expected answer after an incorrect stack answer', async () => {
    const { lab } = play([{ by: 'client', call: 'connect' }], {
      isn: { client: 1000, server: 5000 },
      mode: 'stack',
    });
    renderPanel(lab, 'client');
    fireEvent.change(screen.getByLabelText('Next state'), { target: { value: 'ESTABLISHED' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Submit answer' })));
    const feedback = screen.getByTestId('feedback');
    expect(feedback).toHaveTextContent('Incorrect');
    expect(feedback).not.toHaveTextContent('WRONG_STATE');
    expect(feedback).not.toHaveTextContent('closed--connect--syn-sent');
    expect(feedback.querySelector('[data-code="WRONG_STATE"]')).not.toBeNull();
    expect(feedback).toHaveTextContent('The expected answer was: SYN_SENT; SYN seq=1000');
  });
});
