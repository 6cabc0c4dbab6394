/** The instructor's live view of one lab: 'lab:join', then its updates and status changes as they come. */
import { useEffect, useState } from 'react';
import {
  SOCKET_EVENTS,
  type JoinAck,
  type LabJoinPayload,
  type LabSnapshot,
  type LabStatusMessage,
  type LabUpdateMessage,
} from '@tcp-lab/lab-protocol';
import { connectSocket, request } from '../api/socket';
import { useLang } from '../i18n';
import { mergeUpdate } from './snapshot';
import { signOutOnAuthError } from './useClassWatch';

export function useLabWatch(labId: string, token: string | null) {
  const { pick } = useLang();
  const [snapshot, setSnapshot] = useState<LabSnapshot | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (!token) return;
    const socket = connectSocket(token);
    const join = async () => {
      const ack = await request<JoinAck>(socket, SOCKET_EVENTS.labJoin, { labId } satisfies LabJoinPayload);
      if (ack.ok) setSnapshot((previous) => mergeUpdate(previous, ack.lab));
      else setMessage(pick(ack.reason));
    };
    // a delta that does not follow the snapshot on screen (a missed step): join again, once at a time
    let resyncing = false;
    const resync = () => {
      if (resyncing) return;
      resyncing = true;
      queueMicrotask(() => void join().finally(() => (resyncing = false)));
    };
    socket.on('connect', () => void join());
    socket.on('connect_error', signOutOnAuthError);
    socket.on(SOCKET_EVENTS.labUpdate, (update: LabUpdateMessage) => {
      if (update.labId === labId)
        setSnapshot((previous) => mergeUpdate(previous, update.lab, update.entry, resync));
    });
    socket.on(SOCKET_EVENTS.labStatus, (update: LabStatusMessage) => {
      if (update.lab.id === labId) setSnapshot((previous) => mergeUpdate(previous, update.lab));
    });
    return () => {
      socket.disconnect();
    };
    // `pick` follows the language; a language switch must not reconnect
  }, [labId, token]);

  return { snapshot, setSnapshot, message, setMessage };
}
