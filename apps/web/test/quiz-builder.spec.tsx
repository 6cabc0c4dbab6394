/* eslint-disable @typescript-eslint/no-explicit-any -- a scripted fetch takes and returns arbitrary JSON */
/** The instructor's quiz builder against a scripted /api: picking, pasting, and the server's named error. */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { instructorToken } from '../src/api/session';
import { QuizBuilderPage } from '../src/pages/quiz/QuizBuilderPage';

const CATALOGUE = [
  {
    id: 'fin-wait-1-fin-ack',
    title: {
      en: 'You are the client in FIN_WAIT_1 and a FIN+ACK arrives',
      zh: '你是处于 FIN_WAIT_1 的客户端，收到了 FIN+ACK',
    },
    brief: { en: 'The ACK was lost.', zh: 'ACK 丢失了。' },
    scenarioId: 'fin-ack-together',
    role: 'client',
    pairing: 'solo',
    setupMoves: 17,
    decisions: { client: 2, server: 1 },
    script: { format: 'tcp-lab/1', settings: { mode: 'stack' }, moves: [] },
  },
];

function scriptedFetch(onCreate: (body: any) => { status: number; body: unknown }) {
  const calls: Array<{ url: string; body: any }> = [];
  (globalThis as any).fetch = jest.fn(async (url: string, init?: RequestInit) => {
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ url, body });
    const reply = url.endsWith('/quiz-catalogue')
      ? { status: 200, body: CATALOGUE }
      : url.endsWith('/quizzes') && !body
        ? { status: 200, body: [] }
        : onCreate(body);
    return {
      ok: reply.status < 300,
      status: reply.status,
      text: async () => JSON.stringify(reply.body),
    } as Response;
  });
  return calls;
}

describe('QuizBuilderPage', () => {
  beforeEach(() => instructorToken.set('teacher-token'));

  it('builds a quiz from the catalogue and a pasted script (refused at once when invalid), and shows the place the server names', async () => {
    const calls = scriptedFetch(() => ({
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: {
            en: 'tasks[1].script: moves[0].call: expected one of listen, connect',
            zh: 'tasks[1].脚本：moves[0].call',
          },
        },
      },
    }));
    await act(async () => render(<QuizBuilderPage classroomId="c1" />));
    await act(async () =>
      fireEvent.click(
        await screen.findByRole('button', {
          name: 'Add: You are the client in FIN_WAIT_1 and a FIN+ACK arrives',
        }),
      ),
    );
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Closing' } });
    fireEvent.click(screen.getByLabelText('Exam: results only when the quiz ends'));

    fireEvent.change(screen.getByLabelText('Or paste a tcp-lab/1 script (stack mode)'), {
      target: { value: '{ not json' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add script task' }));
    expect(screen.getByTestId('quiz-builder-error')).toHaveTextContent('The script is not valid JSON.');
    const pasted = {
      format: 'tcp-lab/1',
      settings: { mode: 'stack' },
      moves: [{ by: 'server', call: 'lisen' }],
    };
    fireEvent.change(screen.getByLabelText('Or paste a tcp-lab/1 script (stack mode)'), {
      target: { value: JSON.stringify(pasted) },
    });
    fireEvent.change(screen.getByLabelText('Title (English)'), { target: { value: 'Mine' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add script task' }));
    // an invalid script is refused at once, naming the place, instead of failing when the quiz is created
    expect(screen.getByTestId('quiz-builder-error')).toHaveTextContent(
      'This script is not a valid tcp-lab/1 script, so it was not added: moves[0].call',
    );
    expect(screen.getByTestId('quiz-draft-tasks').querySelectorAll('li')).toHaveLength(1);
    pasted.moves[0].call = 'listen';
    fireEvent.change(screen.getByLabelText('Or paste a tcp-lab/1 script (stack mode)'), {
      target: { value: JSON.stringify(pasted) },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add script task' }));
    expect(screen.getByTestId('quiz-draft-tasks').querySelectorAll('li')).toHaveLength(2);
    fireEvent.change(screen.getByLabelText('Pairing 1'), { target: { value: 'pairs' } });

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create quiz' })));
    const create = calls.find((call) => call.url === '/api/classrooms/c1/quizzes' && call.body)!;
    expect(create.body).toEqual({
      title: 'Closing',
      feedback: 'exam',
      showTcb: true,
      timeLimit: { scope: 'task', seconds: 120 },
      tasks: [
        { catalogId: 'fin-wait-1-fin-ack', pairing: 'pairs' },
        { title: { en: 'Mine', zh: 'Mine' }, script: pasted, role: 'client', pairing: 'solo', setupMoves: 0 },
      ],
    });
    expect(screen.getByTestId('quiz-builder-error')).toHaveTextContent('tasks[1].script: moves[0].call');
  });

  it('puts a copy of a catalogue script in the editor to adapt', async () => {
    scriptedFetch(() => ({ status: 500, body: {} }));
    await act(async () => render(<QuizBuilderPage classroomId="c1" />));
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Edit a copy of: You are the client in FIN_WAIT_1 and a FIN+ACK arrives',
      }),
    );
    expect(
      (screen.getByLabelText('Or paste a tcp-lab/1 script (stack mode)') as HTMLTextAreaElement).value,
    ).toContain('"format": "tcp-lab/1"');
    expect(screen.getByLabelText('Moves played by the system to set the scene')).toHaveValue(17);
  });
});
