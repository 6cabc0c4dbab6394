import { Logger } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  QUIZ_EVENTS,
  QUIZ_NAMESPACE,
  QuizAnswerPayload,
  QuizJoinPayload,
  QuizWatchPayload,
  type QuizAnswerAck,
  type QuizJoinAck,
  type QuizWatchAck,
} from '@tcp-lab/lab-protocol';
import { SocketAuthService } from '../auth/socket-auth.service';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { SOCKET_EVENT_BURST, SOCKET_EVENTS_PER_SECOND, TokenBucket } from '../labs/token-bucket';
import { QuizRefused, quizRefusal } from './quiz-errors';
import { QuizEvents, quizRooms } from './quiz-events';
import { QuizService } from './quiz.service';

/** A quiz payload, serialized, may not exceed this (an answer is a few hundred bytes). */
const MAX_QUIZ_PAYLOAD_BYTES = 4 * 1024;

type Handler = (
  socket: Socket,
  principal: Principal,
  payload: unknown,
) => Promise<QuizJoinAck | QuizWatchAck | QuizAnswerAck>;

/**
 * The quiz's socket.io edge, on its own namespace `/quiz` (same port and path as the labs; a client opens
 * `io(url + '/quiz', { auth: { token } })`). A namespace of its own keeps quiz events out of the labs gateway's
 * dispatcher and lets the quiz decide, payload by payload, what a student may see. Thin on purpose.
 */
@WebSocketGateway({ namespace: QUIZ_NAMESPACE })
export class QuizGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger('QuizGateway');

  constructor(
    private readonly auth: SocketAuthService,
    private readonly quizzes: QuizService,
    private readonly events: QuizEvents,
  ) {}

  afterInit(namespace: Namespace): void {
    this.events.attach(namespace);
    namespace.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      this.auth
        .authenticate(typeof token === 'string' ? token : undefined)
        .then((principal) => {
          socket.data = { principal, bucket: new TokenBucket(SOCKET_EVENT_BURST, SOCKET_EVENTS_PER_SECOND) };
          next();
        })
        .catch((error: unknown) => {
          const code = error instanceof ApiError ? error.code : 'UNAUTHORIZED';
          const reason = error instanceof ApiError ? error.reason : quizRefusal('UNAUTHORIZED').reason;
          next(Object.assign(new Error(code), { data: { code, reason } }));
        });
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const state = socket.data as { principal?: Principal; bucket?: TokenBucket };
    if (!state.principal || !state.bucket) {
      socket.disconnect(true);
      return;
    }
    const principal = state.principal;
    const bucket = state.bucket;
    socket.onAny(
      (event: unknown, ...args: unknown[]) => void this.dispatch(socket, principal, bucket, event, args),
    );
    if (principal.kind === 'seat') await socket.join(quizRooms.seat(principal.seatId));
  }

  private readonly handlers: Record<string, Handler> = {
    [QUIZ_EVENTS.join]: async (_socket, principal, raw) => {
      if (principal.kind !== 'seat')
        return quizRefusal('FORBIDDEN', {
          en: 'Instructors watch with quiz:watch.',
          zh: '教师请使用 quiz:watch 查看。',
        });
      const payload = QuizJoinPayload.safeParse(raw ?? {});
      if (!payload.success) return quizRefusal('VALIDATION_FAILED');
      return { ok: true, quiz: await this.quizzes.studentQuiz(principal, payload.data.quizId) };
    },
    [QUIZ_EVENTS.watch]: async (socket, principal, raw) => {
      if (principal.kind !== 'instructor') return quizRefusal('FORBIDDEN');
      const payload = QuizWatchPayload.safeParse(raw);
      if (!payload.success) return quizRefusal('VALIDATION_FAILED');
      const quiz = await this.quizzes.results(principal, payload.data.quizId);
      await socket.join(quizRooms.instructors(payload.data.quizId));
      return { ok: true, quiz };
    },
    [QUIZ_EVENTS.answer]: async (_socket, principal, raw) => {
      if (principal.kind !== 'seat')
        return quizRefusal('FORBIDDEN', { en: 'Only students answer.', zh: '只有学生可以作答。' });
      const payload = QuizAnswerPayload.safeParse(raw);
      if (!payload.success)
        return quizRefusal('VALIDATION_FAILED', {
          en: 'Expected {quizId, runId, moveId, move}.',
          zh: '应为 {quizId, runId, moveId, move}。',
        });
      const { quizId, runId, moveId, move } = payload.data;
      return this.quizzes.answer(principal, quizId, runId, moveId, move);
    },
  };

  private async dispatch(
    socket: Socket,
    principal: Principal,
    bucket: TokenBucket,
    event: unknown,
    args: unknown[],
  ): Promise<void> {
    const ack =
      typeof args[args.length - 1] === 'function' ? (args.pop() as (answer: unknown) => void) : undefined;
    const answer = (reply: QuizJoinAck | QuizWatchAck | QuizAnswerAck) => {
      try {
        ack?.(reply);
      } catch (error) {
        this.logger.warn(`ack failed: ${String(error)}`);
      }
    };
    try {
      if (!bucket.take()) return answer(quizRefusal('RATE_LIMITED'));
      const handler =
        typeof event === 'string' && Object.hasOwn(this.handlers, event) ? this.handlers[event] : undefined;
      if (!handler) return answer(quizRefusal('UNKNOWN_EVENT'));
      if (payloadBytes(args[0]) > MAX_QUIZ_PAYLOAD_BYTES) return answer(quizRefusal('PAYLOAD_TOO_LARGE'));
      answer(await handler(socket, principal, args[0]));
    } catch (error) {
      if (error instanceof QuizRefused) return answer(error.refusal);
      if (error instanceof ApiError) return answer({ ok: false, code: error.code, reason: error.reason });
      this.logger.error(
        `${String(event)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      answer(quizRefusal('INTERNAL_ERROR'));
    }
  }
}

function payloadBytes(payload: unknown): number {
  if (payload === undefined) return 0;
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
