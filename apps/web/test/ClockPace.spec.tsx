import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { labView, type Move } from '@tcp-lab/tcp-core';
import type { MoveAck } from '@tcp-lab/lab-protocol';
import i18n from '../src/i18n';
import { ClockSelect, clockRateOf } from '../src/components/ClockPace';
import { MovePanel } from '../src/components/MovePanel';
import { play } from './labs';

afterEach(() => act(() => void i18n.changeLanguage('en')));

describe("the student's clock panel", () => {
  const afterConnect = () =>
    play([
      { by: 'server', call: 'listen' },
      { by: 'client', call: 'connect' },
    ]).lab;

  it('says a stopped clock only moves when the student lets a timer fire, next to the way to do it', async () => {
    const moves: Move[] = [];
    const onMove = async (move: Move): Promise<MoveAck> => {
      moves.push(move);
      return { ok: false, code: 'LAB_NOT_RUNNING', reason: { en: 'not running', zh: '未运行' } };
    };
    render(<MovePanel lab={labView(afterConnect(), 'client')} role="client" onMove={onMove} clockRate={0} />);
    expect(screen.getByTestId('clock-status')).toHaveTextContent(
      'The clock is stopped: it only moves when you let a timer fire.',
    );
    const retransmission = screen.getByText(/retransmission timer/);
    await act(async () =>
      fireEvent.click(within(retransmission).getByRole('button', { name: /^Let it fire/ })),
    );
    expect(moves).toEqual([{ by: 'clock', advance: 1000 }]);
    act(() => void i18n.changeLanguage('zh'));
    expect(screen.getByTestId('clock-status')).toHaveTextContent(
      '时钟已停止：只有当你让计时器触发时，时钟才会前进。',
    );
  });

  it('says a running clock fires timers by itself, and at what pace', () => {
    const onMove = jest.fn();
    render(
      <MovePanel lab={labView(afterConnect(), 'client')} role="client" onMove={onMove} clockRate={10} />,
    );
    expect(screen.getByTestId('clock-status')).toHaveTextContent(
      'The clock runs by itself at 10× real time: timers fire on their own.',
    );
    act(() => void i18n.changeLanguage('zh'));
    expect(screen.getByTestId('clock-status')).toHaveTextContent('时钟以实际时间的 10 倍自动走动');
  });

  it('says nothing about the pace when it does not know it', () => {
    render(<MovePanel lab={labView(afterConnect(), 'client')} role="client" onMove={jest.fn()} />);
    expect(screen.queryByTestId('clock-status')).toBeNull();
  });
});

describe("the instructor's clock select", () => {
  function Picker({ withDefault }: { withDefault?: boolean }) {
    const [choice, setChoice] = useState(withDefault === false ? '1' : '');
    return (
      <>
        <ClockSelect value={choice} onChange={setChoice} withDefault={withDefault} />
        <output data-testid="clock-rate">{JSON.stringify(clockRateOf(choice))}</output>
      </>
    );
  }

  it('offers the server default, then stopped, slow, real time and fast, and sends the chosen clockRate', () => {
    render(<Picker />);
    const select = screen.getByLabelText('Clock');
    expect([...select.querySelectorAll('option')].map((option) => option.textContent)).toEqual([
      'Server default',
      'Stopped — students let timers fire',
      'Slow (0.1×)',
      'Real time (1×)',
      'Fast (10×)',
    ]);
    expect(screen.getByTestId('clock-rate')).toHaveTextContent('null');
    fireEvent.change(select, { target: { value: '0' } });
    expect(screen.getByTestId('clock-rate')).toHaveTextContent('0');
    fireEvent.change(select, { target: { value: '0.1' } });
    expect(screen.getByTestId('clock-rate')).toHaveTextContent('0.1');
    act(() => void i18n.changeLanguage('zh'));
    expect(screen.getByLabelText('时钟')).toHaveDisplayValue('慢速（0.1 倍）');
  });

  it('on one lab offers no server default and names a pace the server reports that is not in the list', () => {
    function Other() {
      const [choice, setChoice] = useState('2.5');
      return <ClockSelect value={choice} onChange={setChoice} withDefault={false} />;
    }
    render(<Other />);
    const options = [...screen.getByLabelText('Clock').querySelectorAll('option')].map((o) => o.textContent);
    expect(options).toEqual([
      '2.5×',
      'Stopped — students let timers fire',
      'Slow (0.1×)',
      'Real time (1×)',
      'Fast (10×)',
    ]);
    expect(screen.getByLabelText('Clock')).toHaveDisplayValue('2.5×');
  });
});
