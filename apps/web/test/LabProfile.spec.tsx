import { act, fireEvent, render, screen } from '@testing-library/react';
import type { LabSnapshot } from '@tcp-lab/lab-protocol';
import i18n from '../src/i18n';
import { LabHeader } from '../src/components/LabView';
import { play } from './labs';

const calls: { path: string; body: unknown }[] = [];
let current: LabSnapshot;

jest.mock('../src/api/http', () => {
  const actual = jest.requireActual('../src/api/http');
  return {
    ...actual,
    api: jest.fn(async (path: string, options?: { body?: unknown }) => {
      calls.push({ path, body: options?.body });
      if (path === '/scenarios') return [];
      if (path.startsWith('/classrooms/')) return { name: 'class' };
      return { lab: current };
    }),
  };
});
jest.mock('../src/lib/useLabWatch', () => ({
  useLabWatch: () => ({
    snapshot: current,
    setSnapshot: jest.fn(),
    message: null,
    setMessage: jest.fn(),
  }),
}));

// imported after the mocks are declared (jest hoists jest.mock)
import { LabWatchPage } from '../src/pages/LabWatchPage';

function snapshotOf(profile: 'rfc' | 'linux'): LabSnapshot {
  const { lab, transcript } = play([], { isn: { client: 1000, server: 5000 }, profile });
  return {
    id: 'lab-1',
    classroomId: 'class-1',
    status: 'running',
    mode: 'calls',
    network: 'manual',
    scenarioId: null,
    round: 1,
    seats: { client: null, server: null },
    states: { client: 'CLOSED', server: 'CLOSED' },
    moveCount: 0,
    step: 0,
    mistakes: 0,
    lastMoveAt: null,
    stuck: false,
    clockRate: 1,
    lab,
    transcript: transcript.entries,
    goalReached: false,
    timeScale: 1,
  } as LabSnapshot;
}

describe("the lab's profile", () => {
  it('is shown in the lab header, in both languages', () => {
    render(<LabHeader snapshot={snapshotOf('linux')} showTcb={false} />);
    expect(screen.getByTestId('lab-profile')).toHaveTextContent('Profile: Linux 6.x');
    act(() => void i18n.changeLanguage('zh'));
    expect(screen.getByTestId('lab-profile')).toHaveTextContent('行为配置：Linux 6.x');
    act(() => void i18n.changeLanguage('en'));
  });

  it('the instructor starts a new round with the other profile, keeping the scenario (set-scenario with settings)', async () => {
    current = snapshotOf('rfc');
    calls.length = 0;
    render(<LabWatchPage labId="lab-1" />);
    expect(screen.getByTestId('lab-profile')).toHaveTextContent('Profile: RFC 9293');
    // the select offers the other profile first
    const select = screen.getByLabelText('Profile') as HTMLSelectElement;
    expect(select.value).toBe('linux');
    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: 'New round with this profile' })),
    );
    fireEvent.change(select, { target: { value: 'rfc' } });
    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: 'New round with this profile' })),
    );
    const controls = calls.filter((call) => call.path === '/labs/lab-1/control').map((call) => call.body);
    expect(controls).toEqual([
      { action: 'set-scenario', settings: { profile: 'linux' } },
      { action: 'set-scenario', settings: { profile: 'rfc' } },
    ]);
  });
});
