import { tcbOf } from '@tcp-lab/lab-protocol';
/* eslint-disable @typescript-eslint/no-explicit-any -- a scripted socket takes and returns arbitrary JSON */
/** Quiz screens: the student's page over a scripted socket, and the pieces the instructor's pages are made of. */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import i18n from '../src/i18n';
import { QUIZ_TEXTS } from '../src/i18n/quiz';
import { seatToken } from '../src/api/session';
import {
  DecisionItem,
  GradebookTable,
  QuizTimer,
  StudentLeaderboard,
} from '../src/components/quiz/QuizParts';
import type { StudentQuizView } from '@tcp-lab/lab-protocol';
import { initialEndpoint } from '@tcp-lab/tcp-core';

type Handler = (...args: any[]) => void;
const fakeServer: {
  handlers: Record<string, Handler>;
  sent: Array<{ event: string; payload: any }>;
  answer: (event: string, payload: any) => any;
} = {
  handlers: {},
  sent: [],
  answer: () => ({ ok: false, code: 'UNKNOWN_EVENT', reason: { en: 'no', zh: '不' } }),
};

jest.mock('../src/components/quiz/quizApi', () => {
  const actual = jest.requireActual('../src/components/quiz/quizApi');
  return {
    ...actual,
    connectQuizSocket: () => ({
      connected: true,
      on: (event: string, handler: Handler) => (fakeServer.handlers[event] = handler),
      timeout: () => ({
        emit: (event: string, payload: any, ack: Handler) => {
          fakeServer.sent.push({ event, payload });
          Promise.resolve().then(() => ack(null, fakeServer.answer(event, payload)));
        },
      }),
      disconnect: () => undefined,
    }),
  };
});

// imported after the mock so the page gets the scripted socket
import { StudentQuizPage } from '../src/pages/quiz/StudentQuizPage';

const NOW = '2026-11-25T14:00:00.000Z';
function studentView(
  overrides: Partial<StudentQuizView['current']> = {},
  feedbackShown = true,
): StudentQuizView {
  return {
    quiz: {
      id: 'q1',
      classroomId: 'c1',
      title: 'Handshakes',
      feedback: feedbackShown ? 'practice' : 'exam',
      status: 'running',
      leaderboardVisible: false,
      examTcb: false,
      timeLimit: { scope: 'task', seconds: 60 },
      taskCount: 1,
      createdAt: NOW,
      startedAt: NOW,
      endedAt: null,
    },
    serverNow: NOW,
    feedbackShown,
    tasks: [
      {
        id: 't1',
        position: 0,
        title: { en: 'Play the client', zh: '扮演客户端' },
        role: 'client',
        pairing: 'solo',
        status: 'running',
        decisions: 2,
        answered: 0,
        points: 0,
      },
    ],
    current: {
      taskId: 't1',
      runId: 'r1',
      position: 0,
      title: { en: 'Play the client', zh: '扮演客户端' },
      role: 'client',
      partner: null,
      deadlineAt: '2026-11-25T14:01:00.000Z',
      waitingForPartner: false,
      turn: 'you',
      pending: { event: { en: 'the application calls connect()', zh: '应用调用 connect()' }, kind: 'call' },
      isn: 1000,
      history: [],
      ...overrides,
    },
    done: false,
    leaderboard: null,
  };
}

describe('quiz texts', () => {
  it('has every key in both languages', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    expect(keys(QUIZ_TEXTS.zh).sort()).toEqual(keys(QUIZ_TEXTS.en).sort());
  });
});

describe('StudentQuizPage', () => {
  beforeEach(() => {
    fakeServer.handlers = {};
    fakeServer.sent = [];
    seatToken.set('seat-token');
  });

  it('shows the pending event, sends the composed answer and explains a wrong one with the expected answer', async () => {
    const expected = { state: 'SYN_SENT' as const, send: [{ flags: ['SYN' as const], seq: 1000, len: 0 }] };
    fakeServer.answer = (event) =>
      event === 'quiz:join'
        ? { ok: true, quiz: studentView() }
        : {
            ok: true,
            duplicate: false,
            verdict: {
              correct: false,
              ruleId: 'closed--connect--syn-sent',
              expected,
              mistake: {
                code: 'WRONG_SEGMENT_COUNT',
                reason: {
                  en: '1 segment(s) should be sent here, not 0',
                  zh: '此时应发送 1 个报文段，而不是 0 个',
                },
              },
            },
            quiz: studentView({
              pending: { event: { en: 'SYN,ACK arrived', zh: '收到 SYN,ACK' }, kind: 'segment' },
              history: [
                {
                  event: { en: 'the application calls connect()', zh: '应用调用 connect()' },
                  outcome: 'incorrect',
                  given: { state: 'SYN_SENT', send: [] },
                  expected,
                },
              ],
            }),
          };
    render(<StudentQuizPage />);
    await act(async () => fakeServer.handlers.connect());
    expect(screen.getByTestId('pending-event')).toHaveTextContent('the application calls connect()');
    expect(screen.getByTestId('quiz-timer')).toHaveTextContent('Time left');
    fireEvent.change(screen.getByLabelText('Next state'), { target: { value: 'SYN_SENT' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Submit answer' })));

    const answer = fakeServer.sent.find((s) => s.event === 'quiz:answer')!;
    expect(answer.payload).toMatchObject({
      quizId: 'q1',
      runId: 'r1',
      move: { by: 'client', answer: { state: 'SYN_SENT', send: [] } },
    });
    expect(typeof answer.payload.moveId).toBe('string');
    expect(screen.getByTestId('quiz-verdict')).toHaveTextContent('Expected: SYN_SENT; SYN seq=1000');
    expect(screen.getByTestId('pending-event')).toHaveTextContent('SYN,ACK arrived');
    expect(screen.getAllByTestId('quiz-decision')[0]).toHaveTextContent('incorrect');

    act(() => void i18n.changeLanguage('zh'));
    expect(screen.getByTestId('pending-event')).toHaveTextContent('收到 SYN,ACK');
    expect(screen.getByTestId('quiz-verdict')).toHaveTextContent('正确答案');
  });

  it('in an exam only says the answer was recorded, and shows a refusal reason', async () => {
    let answers = 0;
    fakeServer.answer = (event) => {
      if (event === 'quiz:join') return { ok: true, quiz: studentView({}, false) };
      answers += 1;
      return answers === 1
        ? {
            ok: true,
            duplicate: false,
            quiz: studentView(
              {
                history: [
                  {
                    event: { en: 'connect', zh: '连接' },
                    outcome: 'answered',
                    given: { state: 'CLOSED', send: [] },
                  },
                ],
              },
              false,
            ),
          }
        : { ok: false, code: 'TIME_UP', reason: { en: 'Time is up for this task.', zh: '本题时间已到。' } };
    };
    render(<StudentQuizPage />);
    await act(async () => fakeServer.handlers.connect());
    expect(screen.getByText('Exam: you will see your results when the quiz ends.')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Next state'), { target: { value: 'CLOSED' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Submit answer' })));
    expect(screen.getByTestId('quiz-verdict')).toHaveTextContent('Answer recorded.');
    expect(screen.getByTestId('quiz-decision')).toHaveTextContent('answered');
    expect(screen.queryByTestId('quiz-scene')).toBeNull();
    fireEvent.change(screen.getByLabelText('Next state'), { target: { value: 'CLOSED' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Submit answer' })));
    expect(screen.getByTestId('quiz-error')).toHaveTextContent('Time is up for this task.');
    expect(screen.getByTestId('quiz-error')).not.toHaveTextContent('TIME_UP');
  });

  it('tells the student to wait while the partner answers', async () => {
    fakeServer.answer = () => ({
      ok: true,
      quiz: studentView({ turn: 'partner', pending: null, partner: 'Ben' }),
    });
    render(<StudentQuizPage />);
    await act(async () => fakeServer.handlers.connect());
    expect(screen.getByText('Waiting for your partner to answer…')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Submit answer' })).toBeNull();
    expect(screen.getByTestId('quiz-current')).toHaveTextContent('Partner: Ben');
  });

  it('says the task waits for the partner, with no clock and no composer, in both languages', async () => {
    fakeServer.answer = () => ({
      ok: true,
      quiz: studentView({
        waitingForPartner: true,
        deadlineAt: null,
        turn: 'partner',
        pending: null,
        partner: 'Ben',
      }),
    });
    render(<StudentQuizPage />);
    await act(async () => fakeServer.handlers.connect());
    expect(screen.getByTestId('quiz-partner-absent')).toHaveTextContent(
      'Waiting for Ben: the task and its clock start when you can both play.',
    );
    expect(screen.queryByTestId('quiz-timer')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Submit answer' })).toBeNull();
    act(() => void i18n.changeLanguage('zh'));
    expect(screen.getByTestId('quiz-partner-absent')).toHaveTextContent('正在等待Ben');
    act(() => void i18n.changeLanguage('en'));
  });

  it("in practice shows the student's own TCB and offers its ISS for seq", async () => {
    const tcb = initialEndpoint('client', 424242, 1000);
    fakeServer.answer = () => ({
      ok: true,
      quiz: studentView({
        isn: 424242,
        tcb: tcbOf(tcb),
        clock: 0,
        scene: { states: { client: 'CLOSED', server: 'CLOSED' }, inFlight: [], clock: 0 },
      }),
    });
    render(<StudentQuizPage />);
    await act(async () => fakeServer.handlers.connect());
    expect(screen.getByTestId('tcb-client')).toHaveTextContent('ISS');
    expect(screen.getByTestId('tcb-client')).toHaveTextContent('424242');
    expect(screen.getByTestId('quiz-current')).toHaveTextContent('(ISS): 424242');
  });
});

describe('quiz pieces', () => {
  it('counts down by the server clock', () => {
    render(<QuizTimer deadlineAt="2026-11-25T14:01:30.000Z" serverNow={NOW} receivedAt={Date.now()} />);
    expect(screen.getByTestId('quiz-timer')).toHaveTextContent('Time left: 1:30');
  });

  it('shows the expected answer only for an incorrect decision', () => {
    const expected = { state: 'ESTABLISHED' as const, send: [] };
    render(
      <ol>
        <DecisionItem
          index={0}
          decision={{
            event: { en: 'ACK arrived', zh: '收到 ACK' },
            outcome: 'correct',
            given: expected,
            expected,
          }}
        />
        <DecisionItem
          index={1}
          decision={{
            event: { en: 'FIN arrived', zh: '收到 FIN' },
            outcome: 'incorrect',
            given: expected,
            expected: { state: 'CLOSE_WAIT', send: [] },
            mistake: {
              code: 'WRONG_STATE',
              reason: {
                en: 'the endpoint should now be in CLOSE_WAIT, not ESTABLISHED. Rule established--fin--close-wait (RFC 9293 3.10.7.4): the peer closed',
                zh: '端点此时应处于 CLOSE_WAIT 状态。规则 established--fin--close-wait（RFC 9293 3.10.7.4）：对方关闭',
              },
            },
          }}
        />
      </ol>,
    );
    const [right, wrong] = screen.getAllByTestId('quiz-decision');
    expect(right).not.toHaveTextContent('Expected');
    expect(wrong).toHaveTextContent('Expected: CLOSE_WAIT; no segment');
    // the reason keeps the RFC section and the explanation; the rule's id is for logs and exports
    expect(wrong).toHaveTextContent('(RFC 9293 3.10.7.4): the peer closed');
    expect(wrong).not.toHaveTextContent('established--fin--close-wait');
  });

  it('ranks by decisions made when the leaderboard carries no points (exam)', () => {
    render(
      <StudentLeaderboard
        lines={[
          { rank: 1, displayName: 'Ana', you: true, answered: 4 },
          { rank: 2, displayName: 'Ben', you: false, answered: 2 },
        ]}
      />,
    );
    const items = within(screen.getByTestId('quiz-leaderboard')).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Ana (you) — 4 answered');
    expect(items[1]).not.toHaveTextContent('points');
    expect(items.map((item) => item.getAttribute('value'))).toEqual(['1', '2']);
  });

  it('draws the gradebook one row per student, one column per task, with the total', () => {
    render(
      <GradebookTable
        tasks={[
          { id: 't1', position: 0, title: { en: 'A', zh: '甲' } },
          { id: 't2', position: 1, title: { en: 'B', zh: '乙' } },
        ]}
        rows={[
          {
            seatId: 's1',
            displayName: 'Cai',
            total: 3,
            max: 7,
            cells: [
              {
                taskId: 't1',
                points: 2,
                max: 2,
                status: 'finished',
                outcomes: [
                  { ruleId: 'a', outcome: 'correct' },
                  { ruleId: 'b', outcome: 'correct' },
                ],
              },
              {
                taskId: 't2',
                points: 1,
                max: 5,
                status: 'timed-out',
                outcomes: [
                  { ruleId: 'c', outcome: 'correct' },
                  { ruleId: 'd', outcome: 'incorrect' },
                  { ruleId: 'e', outcome: 'missed' },
                  { ruleId: 'f', outcome: 'missed' },
                  { ruleId: 'g', outcome: 'missed' },
                ],
              },
            ],
          },
        ]}
      />,
    );
    const row = screen.getByRole('row', { name: /Cai/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['2/2 ✓✓', '1/5 ✓✗–––', '3/7']);
    expect(within(row).getByLabelText(/d: incorrect/)).toBeInTheDocument();
  });
});
