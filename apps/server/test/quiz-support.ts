/* eslint-disable @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers */
/**
 * Helpers for the quiz specs: one real server per describe block, a student on the /quiz namespace, the right answers of the tasks the specs use
 * (written out from RFC 9293 with ISNs client 1000 / server 5000, not read from the server), and CSV parsing.
 */
import { scenarioById } from '@tcp-lab/tcp-core';
import { http, startTestServer, type TestServer } from './support';
import { connectSocket, type TestSocket } from './support-labs/sockets';

export type Answer = {
  state: string;
  send: Array<{ flags: string[]; seq: number; ack?: number; len: number }>;
};

export const RIGHT = {
  clientOpen: [
    { state: 'SYN_SENT', send: [{ flags: ['SYN'], seq: 1000, len: 0 }] },
    { state: 'ESTABLISHED', send: [{ flags: ['ACK'], seq: 1001, ack: 5001, len: 0 }] },
  ],
  // FIN_WAIT_1 (our FIN was seq 1001), the server's FIN,ACK seq=5001 ack=1002 arrives: RFC 9293 3.10.7.4
  finWait1FinAck: [
    { state: 'TIME_WAIT', send: [{ flags: ['ACK'], seq: 1002, ack: 5002, len: 0 }] },
    { state: 'CLOSED', send: [] },
  ],
  serverOpen: [
    { state: 'LISTEN', send: [] },
    { state: 'SYN_RCVD', send: [{ flags: ['SYN', 'ACK'], seq: 5000, ack: 1001, len: 0 }] },
    { state: 'ESTABLISHED', send: [] },
  ],
} satisfies Record<string, Answer[]>;

/** A stack-mode script an instructor could paste: the server's side of the handshake (tcp-core's own scenario). */
export const SERVER_OPEN_SCRIPT = scenarioById('stack-normal-open')!.script;

export const wrongState = (answer: Answer, state = 'CLOSED'): Answer => ({ ...answer, state });
export const wrongSeq = (answer: Answer): Answer => ({
  ...answer,
  send: answer.send.map((s, i) => (i === 0 ? { ...s, seq: s.seq + 7 } : s)),
});

/**
 * One real server (fresh Postgres database) for a describe block: started before its tests, closed after them with
 * every student connected through it.
 */
export function useQuizServer(): {
  url: () => string;
  server: () => TestServer;
  connect: (sessions: Array<{ token: string; seat: { displayName: string } }>) => Promise<QuizStudent[]>;
} {
  let server: TestServer | undefined;
  const students: QuizStudent[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    students.forEach((s) => s.close());
    await server?.close();
  });
  const running = () => {
    if (!server) throw new Error('the quiz server has not started');
    return server;
  };
  return {
    url: () => running().url,
    server: running,
    connect: async (sessions) => {
      const connected = await Promise.all(sessions.map((seat) => QuizStudent.connect(running().url, seat)));
      students.push(...connected);
      return connected;
    },
  };
}

/** POST /api/classrooms/:id/quizzes as the instructor; the quiz's id (the creation must succeed). */
export async function createQuiz(
  url: string,
  token: string,
  classroomId: string,
  body: unknown,
): Promise<string> {
  const created = await http(url, 'POST', `/api/classrooms/${classroomId}/quizzes`, { token, body });
  if (created.status !== 201)
    throw new Error(`quiz not created: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.quiz.id;
}

let moveCounter = 0;

/** A student connected to /quiz: joins, answers the current event, remembers everything the server sent. */
export class QuizStudent {
  private constructor(
    readonly name: string,
    readonly token: string,
    readonly socket: TestSocket,
  ) {}

  static async connect(
    url: string,
    session: { token: string; seat: { displayName: string } },
  ): Promise<QuizStudent> {
    return new QuizStudent(
      session.seat.displayName,
      session.token,
      await connectSocket(`${url}/quiz`, session.token),
    );
  }

  async view(): Promise<any> {
    const ack = await this.socket.request('quiz:join', {});
    if (!ack.ok) throw new Error(`${this.name}: quiz:join refused ${JSON.stringify(ack)}`);
    return ack.quiz;
  }

  /** Answers the event pending for this student now; returns the ack. */
  async answer(answer: Answer, options: { moveId?: string; by?: string; runId?: string } = {}): Promise<any> {
    const view = await this.view();
    const current = view.current;
    if (!current && !options.runId) throw new Error(`${this.name}: no current task`);
    return this.socket.request('quiz:answer', {
      quizId: view.quiz.id,
      runId: options.runId ?? current.runId,
      moveId: options.moveId ?? `m-${++moveCounter}`,
      move: { by: options.by ?? current.role, answer },
    });
  }

  /** Sends an answer for a run seen earlier, without asking for the view first (as a slow browser would). */
  answerOn(
    seen: { quizId: string; runId: string; role: string },
    answer: Answer,
    moveId = `m-${++moveCounter}`,
  ): Promise<any> {
    return this.socket.request('quiz:answer', {
      quizId: seen.quizId,
      runId: seen.runId,
      moveId,
      move: { by: seen.role, answer },
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** RFC 4180 parsing of the gradebook (quoted fields, CRLF), without the UTF-8 byte-order mark. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

export async function gradebookCsv(url: string, token: string, quizId: string): Promise<string[][]> {
  const response = await fetch(
    `${url}/api/quizzes/${quizId}/gradebook.csv?token=${encodeURIComponent(token)}`,
  );
  if (response.status !== 200) throw new Error(`gradebook.csv: ${response.status} ${await response.text()}`);
  return parseCsv(await response.text());
}

export async function control(url: string, token: string, quizId: string, action: string): Promise<any> {
  const result = await http(url, 'POST', `/api/quizzes/${quizId}/control`, { token, body: { action } });
  if (result.status !== 200)
    throw new Error(`control ${action}: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

/** Every key anywhere in a JSON value (to prove a payload carries no `expected`, `correct`, ...). */
export function keysDeep(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysDeep(v, into));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysDeep(v, into);
    }
  }
  return into;
}
