import { act, render, screen } from '@testing-library/react';
import { LabCard } from '../src/pages/DashboardPage';
import type { LabSummary } from '@tcp-lab/lab-protocol';

const NOW = new Date('2026-11-25T10:00:00Z').getTime();
const summary = (change: Partial<LabSummary> = {}): LabSummary => ({
  id: 'lab-1',
  classroomId: 'class-1',
  status: 'running',
  mode: 'calls',
  network: 'manual',
  scenarioId: null,
  round: 1,
  seats: { client: { seatId: 's1', displayName: 'Alice' }, server: null },
  states: { client: 'SYN_SENT', server: 'LISTEN' },
  moveCount: 3,
  step: 3,
  mistakes: 1,
  lastMoveAt: new Date(NOW - 5000).toISOString(),
  stuck: false,
  clockRate: 1,
  ...change,
});

describe('dashboard lab card', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('shows both endpoints, moves, mistakes and a time since the last move that keeps ticking', () => {
    const { container } = render(<LabCard lab={summary()} />);
    expect(screen.getByTestId('card-client-state')).toHaveTextContent('SYN_SENT');
    expect(screen.getByTestId('card-server-state')).toHaveTextContent('LISTEN');
    expect(container).toHaveTextContent('Server: built-in endpoint');
    expect(container).toHaveTextContent('3 moves · 1 mistake · last move 5 s ago');
    act(() => void jest.advanceTimersByTime(3000));
    expect(container).toHaveTextContent('last move 8 s ago');
    expect(container.querySelector('.lab-card')).not.toHaveClass('lab-card--stuck');
  });

  it("shows the lab's clock pace, stopped or running", () => {
    const { unmount } = render(<LabCard lab={summary({ clockRate: 0 })} />);
    expect(screen.getByTestId('card-clock')).toHaveTextContent('clock stopped');
    unmount();
    render(<LabCard lab={summary({ clockRate: 10 })} />);
    expect(screen.getByTestId('card-clock')).toHaveTextContent('clock 10×');
  });

  it('highlights a stuck lab in words, not only in colour', () => {
    const { container } = render(<LabCard lab={summary({ stuck: true })} />);
    expect(container.querySelector('.lab-card')).toHaveClass('lab-card--stuck');
    expect(container).toHaveTextContent('stuck');
  });
});
