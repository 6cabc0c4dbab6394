/**
 * A student alone in a lab (nobody's seat plays the other side) may hand that side to the server's real Linux
 * kernel (POST /api/labs/:id/linux-peer; the server checks it is their lab, the side is free, no quiz is running).
 * Hidden where the server cannot do it (GET /api/linux-peer says unavailable; the server said why in its log at
 * start). Whoever is in the lab reads it when Linux stopped without being asked (a restart): the lab's log says
 * so with the reason.
 */
import { useEffect, useState } from 'react';
import type { LabSnapshot } from '@tcp-lab/lab-protocol';
import { linuxPeerOf, type Role } from '@tcp-lab/tcp-core';
import { api, ApiError } from '../api/http';
import { useLang } from '../i18n';
import { ensureLinuxPeerTexts } from '../i18n/linux-peer';
import { LinuxPeerChange, linuxPeerMoveOf } from './LinuxBeside';

const otherSide = (role: Role): Role => (role === 'client' ? 'server' : 'client');

export function StudentLinuxPeer({
  snapshot,
  role,
  token,
}: {
  snapshot: LabSnapshot;
  role: Role;
  token: string | null;
}) {
  ensureLinuxPeerTexts();
  const { t, pick } = useLang();
  const [available, setAvailable] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api<{ available: boolean }>('/linux-peer', { token }).then(
      (answer) => live && setAvailable(answer?.available === true),
      () => live && setAvailable(false),
    );
    return () => void (live = false);
  }, [token]);

  const other = otherSide(role);
  const linuxPlays = linuxPeerOf(snapshot.transcript);
  // the last word of the log on Linux, when it was "Linux stopped" with a reason nobody asked for (a restart)
  const lastChange = [...snapshot.transcript].reverse().map(linuxPeerMoveOf).find(Boolean) ?? null;
  const stopped = lastChange && lastChange.role === null && lastChange.reason ? lastChange : null;
  const alone = snapshot.seats[other] === null;
  const offered = available && alone && snapshot.status !== 'ended';

  const send = async (method: 'POST' | 'DELETE') => {
    setRefusal(null);
    setBusy(true);
    try {
      // the change comes back as an entry of the lab's log (lab:update), which this view follows
      await api(`/labs/${snapshot.id}/linux-peer`, {
        method,
        ...(method === 'POST' ? { body: { role: other } } : {}),
        token,
      });
    } catch (caught) {
      setRefusal(caught instanceof ApiError ? pick(caught.reason) : String(caught));
    } finally {
      setBusy(false);
    }
  };

  if (!stopped && !offered) return null;
  return (
    <>
      {stopped && !linuxPlays && (
        <p className="notice" role="status" data-testid="linux-peer-notice">
          <strong>{t('linuxPeer.stoppedNotice')}:</strong> <LinuxPeerChange move={stopped} />
        </p>
      )}
      {offered && (
        <fieldset className="move-group" data-testid="student-linux-peer">
          <legend>{t('linuxPeer.studentTitle')}</legend>
          {linuxPlays === other ? (
            <div className="button-row">
              <span data-testid="linux-peer-role">{t('linuxPeer.plays', { role: t(`role.${other}`) })}</span>
              <button type="button" disabled={busy} onClick={() => void send('DELETE')}>
                {t('linuxPeer.stop')}
              </button>
            </div>
          ) : (
            <>
              <p className="muted small">{t('linuxPeer.studentHint', { role: t(`role.${other}`) })}</p>
              <button type="button" disabled={busy} onClick={() => void send('POST')}>
                {t('linuxPeer.studentStart', { role: t(`role.${other}`) })}
              </button>
            </>
          )}
          {refusal && (
            <p className="error" role="alert" data-testid="linux-peer-refusal">
              {refusal}
            </p>
          )}
        </fieldset>
      )}
    </>
  );
}
