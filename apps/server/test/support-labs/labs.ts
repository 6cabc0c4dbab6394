import { isControlMove, type TranscriptEntry } from '@tcp-lab/tcp-core';
import type { PrismaService } from '../../src/database/prisma.service';
import { http, setUpClassroom, type StudentSession } from '../support';
import type { Ack, LabSummary, OkAck } from './events';
import { connectSocket, waitFor, type TestSocket } from './sockets';

let moveCounter = 0;

/** One student at a lab: their socket, their role, and a way to move with a fresh move id each time. */
export interface Player {
  student: StudentSession;
  socket: TestSocket;
  labId: string;
  role: 'client' | 'server';
  move(move: unknown, moveId?: string): Promise<Ack>;
}

/** Connects a student and waits for the server's 'seat:paired' (sent on connect when the seat has a lab, or on pairing). */
export async function connectPlayer(url: string, student: StudentSession): Promise<Player> {
  const socket = await connectSocket(url, student.token);
  const paired = await waitFor(
    () => socket.events('seat:paired').at(-1),
    `seat:paired for ${student.seat.displayName}`,
  );
  return playerOf(student, socket, paired.labId, paired.role);
}

export function playerOf(
  student: StudentSession,
  socket: TestSocket,
  labId: string,
  role: 'client' | 'server',
): Player {
  return {
    student,
    socket,
    labId,
    role,
    move: (move, moveId = `m-${++moveCounter}`) => socket.request('lab:move', { labId, moveId, move }),
  };
}

/**
 * The Lab row and its log, straight from Postgres: `log` is every entry (the instructor's controls included),
 * `moves`/`entries` the moves only (what the seats, the built-in endpoint and the timers did).
 */
export async function labRecord(prisma: PrismaService, labId: string) {
  const lab = await prisma.lab.findUniqueOrThrow({ where: { id: labId } });
  const log = await prisma.labMove.findMany({ where: { labId }, orderBy: { step: 'asc' } });
  const moves = log.filter((row) => !isControlMove((row.entry as unknown as TranscriptEntry).move));
  return { lab, log, moves, entries: moves.map((move) => move.entry as unknown as TranscriptEntry) };
}

export function statesOf(lab: { state: unknown }): { client: string; server: string } {
  const state = lab.state as { client: { state: string }; server: { state: string } };
  return { client: state.client.state, server: state.server.state };
}

export async function pairAndStart(
  url: string,
  instructorToken: string,
  classroomId: string,
  body: Record<string, unknown>,
) {
  const paired = await http(url, 'POST', `/api/classrooms/${classroomId}/pairings`, {
    token: instructorToken,
    body,
  });
  if (paired.status !== 201)
    throw new Error(`pairing failed: ${paired.status} ${JSON.stringify(paired.body)}`);
  const started = await http(url, 'POST', `/api/classrooms/${classroomId}/labs/control`, {
    token: instructorToken,
    body: { action: 'start' },
  });
  if (started.status !== 200)
    throw new Error(`start failed: ${started.status} ${JSON.stringify(started.body)}`);
  return paired.body.labs as LabSummary[];
}

/**
 * A class of two students, auto-paired (the first is the client) and started with `body`'s settings, both
 * connected. Their players are pushed onto `players` so the spec's afterAll can close them.
 */
export async function startPairedLab(
  url: string,
  names: [string, string],
  body: Record<string, unknown>,
  players: Player[],
) {
  const { instructor, classroom, students } = await setUpClassroom(url, names);
  const [lab] = await pairAndStart(url, instructor.token, classroom.id, { strategy: 'auto', ...body });
  const client = await connectPlayer(url, students[0]);
  const srv = await connectPlayer(url, students[1]);
  players.push(client, srv);
  return { lab, client, srv, instructor, classroom };
}

export async function control(
  url: string,
  instructorToken: string,
  labId: string,
  body: Record<string, unknown>,
) {
  return http(url, 'POST', `/api/labs/${labId}/control`, { token: instructorToken, body });
}

/** Expects an ok ack and returns it; otherwise fails with the server's reason. */
export function ok(ack: Ack): OkAck {
  if (!ack?.ok) throw new Error(`expected ok ack, got ${JSON.stringify(ack)}`);
  return ack as OkAck;
}

export const deliver = (from: 'client' | 'server') => ({ by: 'network', action: 'deliver', from });
