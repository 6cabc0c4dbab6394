import { act, fireEvent, render, screen } from '@testing-library/react';
import type { LabSnapshot } from '@tcp-lab/lab-protocol';
import { DEFAULT_SETTINGS, TRANSITIONS, holdsUnder } from '@tcp-lab/tcp-core';
import { LABEL_SIZE, labelBox, layoutArrows, overlaps } from '../src/components/diagramLayout';
import i18n from '../src/i18n';
import { LabDiagrams, LabHeader } from '../src/components/LabView';
import { ProfileFlip } from '../src/components/ProfileFlip';
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

/** A round played to ESTABLISHED and aborted by the client, under `profile`. */
function abortedUnder(profile: 'rfc' | 'linux'): LabSnapshot {
  const { lab, transcript } = play(
    [
      { by: 'server', call: 'listen' },
      { by: 'client', call: 'connect' },
      { by: 'network', action: 'deliver', from: 'client' },
      { by: 'network', action: 'deliver', from: 'server' },
      { by: 'network', action: 'deliver', from: 'client' },
      { by: 'client', call: 'abort' },
    ],
    { isn: { client: 1000, server: 5000 }, profile },
  );
  return {
    ...snapshotOf(profile),
    lab,
    transcript: transcript.entries,
    states: { client: 'CLOSED', server: 'ESTABLISHED' },
  };
}

describe('a student flips the profile and sees the difference', () => {
  it('the control names the other profile, asks for it, and shows a refusal in the reader’s language', async () => {
    const asked: string[] = [];
    const refusal = {
      ok: false as const,
      code: 'QUIZ_RUNNING',
      reason: { en: 'A quiz is running in your class.', zh: '你的班级正在进行测验。' },
    };
    render(
      <ProfileFlip
        snapshot={snapshotOf('rfc')}
        onFlip={async (profile) => {
          asked.push(profile);
          return refusal;
        }}
      />,
    );
    // the button says what it does, for a screen reader too
    expect(
      screen.getByRole('button', { name: 'Try this round under the Linux 6.x profile' }),
    ).toHaveAccessibleDescription(/Starts a new round for both of you with only the profile changed/);
    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: 'Try this round under the Linux 6.x profile' })),
    );
    expect(asked).toEqual(['linux']);
    expect(screen.getByRole('alert')).toHaveTextContent('A quiz is running in your class.');
    act(() => void i18n.changeLanguage('zh'));
    expect(screen.getByRole('alert')).toHaveTextContent('你的班级正在进行测验。');
    expect(screen.getByRole('button', { name: '用 Linux 6.x 行为配置重做本轮' })).toBeEnabled();
    act(() => void i18n.changeLanguage('en'));
  });

  it('is disabled while the lab is not running, and says who switched in a round started by a student', () => {
    const { lab } = play([], { isn: { client: 1000, server: 5000 }, profile: 'linux' });
    const switched: LabSnapshot = {
      ...snapshotOf('linux'),
      round: 2,
      status: 'paused',
      transcript: [
        {
          step: 7,
          actor: 'server',
          move: {
            by: 'control',
            action: 'new-round',
            cause: 'profile',
            round: 2,
            settings: lab.settings,
            scenarioId: null,
          },
          ok: true,
          before: { client: 'SYN_SENT', server: 'CLOSED' },
          after: { client: 'CLOSED', server: 'CLOSED' },
          transitions: [],
          emitted: [],
          events: [],
          clock: 0,
        },
      ],
    };
    render(<ProfileFlip snapshot={switched} onFlip={async () => null} />);
    expect(screen.getByRole('button', { name: 'Try this round under the RFC 9293 profile' })).toBeDisabled();
    expect(screen.getByTestId('profile-switched')).toHaveTextContent(
      'Round 2: Server switched to the Linux 6.x profile.',
    );
  });

  it('the ladder says whose rule the abort followed: RST under RFC 9293, RST,ACK under Linux', () => {
    const { unmount } = render(<LabDiagrams snapshot={abortedUnder('rfc')} />);
    expect(screen.getByTestId('ladder-profile-rule')).toHaveTextContent(
      'RFC 9293 profile: appl: abort / RST',
    );
    expect(screen.getByTestId('ladder-profile-rule')).toHaveAttribute(
      'data-rule-id',
      'established--abort--closed',
    );
    unmount();
    render(<LabDiagrams snapshot={abortedUnder('linux')} />);
    expect(screen.getByTestId('ladder-profile-rule')).toHaveTextContent(
      'Linux profile: appl: abort / RST,ACK',
    );
    act(() => void i18n.changeLanguage('zh'));
    expect(screen.getByTestId('ladder-profile-rule')).toHaveTextContent('Linux 配置：应用: abort / RST,ACK');
    act(() => void i18n.changeLanguage('en'));
  });

  it('the diagram tags and dots the rules of one profile, and draws the other profile’s instead after a flip', () => {
    const { container, unmount } = render(<LabDiagrams snapshot={abortedUnder('linux')} />);
    const linux = container.querySelector('[data-rule-id="any--abort-rst-ack--closed"]')!;
    expect(linux).toHaveAttribute('data-profile', 'linux');
    expect(linux).toHaveClass('arrow--profile');
    expect(linux.getAttribute('aria-label')).toContain('holds only under the Linux profile');
    // a margin arrow (abort) has no label; an arrow with one carries the tag
    expect(
      container.querySelector('[data-rule-id="time-wait--syn--syn-rcvd"] .arrow-label'),
    ).toHaveTextContent('rcv SYN / SYN,ACK [Linux]');
    expect(container.querySelector('[data-rule-id="syn-sent--timeout--closed"]')).toBeNull();
    expect(container.querySelector('[data-rule-id="established--abort--closed"]')).toBeNull();
    expect(screen.getByTestId('legend-profile')).toHaveTextContent('[Linux] / [RFC]');
    // a rule of both profiles is not tagged
    const both = container.querySelector('[data-rule-id="established--close--fin-wait-1"]')!;
    expect(both).not.toHaveClass('arrow--profile');
    unmount();
    const rfc = render(<LabDiagrams snapshot={abortedUnder('rfc')} />).container;
    expect(rfc.querySelector('[data-rule-id="any--abort-rst-ack--closed"]')).toBeNull();
    expect(rfc.querySelector('[data-rule-id="established--abort--closed"]')).toHaveAttribute(
      'data-profile',
      'rfc',
    );
  });
});

describe('the profile tags in the layout', () => {
  it.each(['rfc', 'linux'] as const)(
    'place no tagged label over another under the %s profile, at any size, in English or Chinese',
    (profile) => {
      const drawn = TRANSITIONS.filter((rule) => holdsUnder(rule, { ...DEFAULT_SETTINGS, profile }));
      for (const fontSize of Object.values(LABEL_SIZE))
        for (const lang of ['en', 'zh'] as const) {
          const labelled = layoutArrows(drawn, { fontSize, lang }).filter(
            (arrow) => !(arrow.margin && arrow.rule.path === 'special'),
          );
          expect(labelled.some((arrow) => /\[(RFC|Linux)\]$/.test(arrow.label.text))).toBe(true);
          const hits: string[] = [];
          for (let i = 0; i < labelled.length; i++)
            for (let j = i + 1; j < labelled.length; j++)
              if (overlaps(labelBox(labelled[i].label, fontSize), labelBox(labelled[j].label, fontSize)))
                hits.push(`${labelled[i].rule.id} ✕ ${labelled[j].rule.id}`);
          expect({ fontSize, lang, hits }).toEqual({ fontSize, lang, hits: [] });
        }
    },
  );
});
