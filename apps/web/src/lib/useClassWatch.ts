/** The instructor's live view of one class: 'class:watch', then roster and lab summaries as they change. */
import { useEffect, useRef, useState } from 'react';
import { instructorToken } from '../api/session';
import { navigate } from './router';
import { connectSocket, request, type LabSocket } from '../api/socket';
import {
  SOCKET_EVENTS,
  type ClassLabMessage,
  type ClassRosterMessage,
  type ClassroomDetail,
  type ClassWatchPayload,
  type LabSummary,
  type WatchAck,
} from '@tcp-lab/lab-protocol';

export function useClassWatch(classroomId: string) {
  const [classroom, setClassroom] = useState<ClassroomDetail | null>(null);
  const [labs, setLabs] = useState<LabSummary[]>([]);
  const [error, setError] = useState<{ code: string; reason: { en: string; zh: string } } | null>(null);
  const [connected, setConnected] = useState(false);
  const socketRef = useRef<LabSocket | null>(null);

  useEffect(() => {
    const token = instructorToken.get();
    if (!token) return;
    const socket = connectSocket(token);
    socketRef.current = socket;
    const watch = async () => {
      const ack = await request<WatchAck>(socket, SOCKET_EVENTS.classWatch, {
        classroomId,
      } satisfies ClassWatchPayload);
      if (ack.ok) {
        setClassroom(ack.classroom);
        setLabs(ack.labs);
        setError(null);
      } else setError({ code: ack.code, reason: ack.reason });
    };
    socket.on('connect', () => {
      setConnected(true);
      void watch();
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('connect_error', (err: Error) => signOutOnAuthError(err));
    socket.on(SOCKET_EVENTS.classRoster, (message: ClassRosterMessage) => {
      if (message.classroomId === classroomId)
        setClassroom((previous) => (previous ? { ...previous, seats: message.seats } : previous));
    });
    socket.on(SOCKET_EVENTS.classLab, (message: ClassLabMessage) => {
      if (message.classroomId !== classroomId) return;
      setLabs((previous) => {
        const index = previous.findIndex((lab) => lab.id === message.lab.id);
        if (index < 0) return [...previous, message.lab];
        const next = previous.slice();
        next[index] = message.lab;
        return next;
      });
    });
    return () => {
      socket.disconnect();
    };
  }, [classroomId]);

  /** labs replaced by a pairing or a class-wide control come back from HTTP; merge them in at once */
  const upsertLabs = (summaries: LabSummary[]) =>
    setLabs((previous) => {
      const next = previous.slice();
      for (const summary of summaries) {
        const index = next.findIndex((lab) => lab.id === summary.id);
        if (index < 0) next.push(summary);
        else next[index] = summary;
      }
      return next;
    });

  return { classroom, labs, error, connected, upsertLabs, socket: socketRef };
}

/** A refused socket (expired or forged instructor token) sends the instructor back to sign in. */
export function signOutOnAuthError(err: Error): void {
  if (err.message !== 'UNAUTHORIZED' && err.message !== 'TOKEN_EXPIRED') return;
  instructorToken.set(null);
  navigate('/teacher');
  window.location.reload();
}
