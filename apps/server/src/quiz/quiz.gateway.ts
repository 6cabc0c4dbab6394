import { Logger } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  WebSocketGateway,
} from '@nestjs/websockets';
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
import type { InstructorPrincipal, SeatPrincipal } from '../auth/principal';
import { principalOf, SocketEdge, socketEvent, type SocketEvent } from '../common/socket-edge';
import { QuizEvents, quizRooms } from './quiz-events';
import { QuizService } from './quiz.service';

/**
 * The quiz's namespace `/quiz` (same port and path as the labs; a client opens `io(url + '/quiz', { auth: { token }
 * })`). A namespace of its own keeps quiz events apart from the labs' and lets the quiz decide, payload by payload,
 * what a student may see. Everything at the edge (authentication, rate limit, size bound, validation, error
 * mapping, logging) is the socket edge's, shared with the labs (common/socket-edge.ts).
 */
@WebSocketGateway({ namespace: QUIZ_NAMESPACE })
export class QuizGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger('QuizGateway');

  constructor(
    private readonly edge: SocketEdge,
    private readonly quizzes: QuizService,
    private readonly events: QuizEvents,
  ) {}

  private readonly clientEvents: Record<(typeof QUIZ_EVENTS)['join' | 'watch' | 'answer'], SocketEvent> = {
    [QUIZ_EVENTS.join]: socketEvent({
      payload: QuizJoinPayload,
      only: 'seat',
      forbidden: { en: 'Instructors watch with quiz:watch.', zh: '教师请使用 quiz:watch 查看测验。' },
      handle: async (_socket, principal, { quizId }): Promise<QuizJoinAck> => ({
        ok: true,
        quiz: await this.quizzes.studentQuiz(principal as SeatPrincipal, quizId),
      }),
    }),
    [QUIZ_EVENTS.watch]: socketEvent({
      payload: QuizWatchPayload,
      only: 'instructor',
      handle: async (socket, principal, { quizId }): Promise<QuizWatchAck> => {
        const quiz = await this.quizzes.results(principal as InstructorPrincipal, quizId);
        await socket.join(quizRooms.instructors(quizId));
        return { ok: true, quiz };
      },
    }),
    [QUIZ_EVENTS.answer]: socketEvent({
      payload: QuizAnswerPayload,
      only: 'seat',
      forbidden: { en: 'Only students answer.', zh: '只有学生可以作答。' },
      handle: (_socket, principal, { quizId, runId, moveId, move }): Promise<QuizAnswerAck> =>
        this.quizzes.answer(principal as SeatPrincipal, quizId, runId, moveId, move),
    }),
  };

  afterInit(namespace: Namespace): void {
    this.events.attach(namespace);
    this.edge.serve(namespace, 'quiz', this.clientEvents);
  }

  async handleConnection(socket: Socket): Promise<void> {
    const principal = principalOf(socket);
    if (principal?.kind !== 'seat') return;
    try {
      await socket.join(quizRooms.seat(principal.seatId));
    } catch (error) {
      this.logger.error(`seat ${principal.seatId}: joining the quiz room failed: ${String(error)}`);
    }
  }

  /** The seat's last tab on /quiz closed: a pair task waiting for it may go on without it. */
  handleDisconnect(socket: Socket): void {
    const principal = principalOf(socket);
    if (principal?.kind !== 'seat' || this.events.seatConnected(principal.seatId)) return;
    this.quizzes.seatDisconnected(principal);
  }
}
