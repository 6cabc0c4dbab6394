/**
 * Linux as the peer (apps/server/README.md, "Linux as the peer"): the instructor's control that lets the server's
 * real Linux kernel play one side of a lab, and the line under a transcript entry that says what Linux did beside
 * what tcp-core predicted (`entry.kernel`, apps/server/SOCKET_EVENTS.md).
 */
import { useEffect, useState } from 'react';
import type { KernelMove } from '@tcp-lab/lab-protocol';
import type { Bilingual, Role, Segment } from '@tcp-lab/tcp-core';
import { api, ApiError } from '../api/http';
import { useLang } from '../i18n';
import { ensureLinuxPeerTexts } from '../i18n/linux-peer';
import { segmentText } from './ladderModel';

export type { KernelMove } from '@tcp-lab/lab-protocol';
export { kernelOf } from '@tcp-lab/lab-protocol';

type Availability = { available: true } | { available: false; reason?: Bilingual };

/** The instructor's switch: which side Linux plays, or why it cannot play here. */
export function LinuxPeerControl({ labId, token }: { labId: string; token: string | null }) {
  ensureLinuxPeerTexts();
  const { t, pick } = useLang();
  const [availability, setAvailability] = useState<Availability | null>(null);
  const [role, setRole] = useState<Role | null>(null);
  const [side, setSide] = useState<Role>('server');
  const [family, setFamily] = useState<4 | 6>(4);
  const [refusal, setRefusal] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api<Availability>('/linux-peer', { token }).then(
      (answer) =>
        live &&
        setAvailability(
          answer?.available === true
            ? answer
            : { available: false, reason: (answer as { reason?: Bilingual } | null)?.reason },
        ),
      (caught) =>
        live &&
        setAvailability({ available: false, reason: caught instanceof ApiError ? caught.reason : undefined }),
    );
    return () => void (live = false);
  }, [token]);

  const available = availability?.available === true;
  useEffect(() => {
    if (!available) return;
    let live = true;
    api<{ role: Role | null }>(`/labs/${labId}/linux-peer`, { token }).then(
      (answer) => live && setRole(answer?.role ?? null),
      () => undefined,
    );
    return () => void (live = false);
  }, [available, labId, token]);

  const send = async (method: 'POST' | 'DELETE') => {
    setRefusal(null);
    try {
      const answer = await api<{ role: Role | null }>(`/labs/${labId}/linux-peer`, {
        method,
        ...(method === 'POST' ? { body: family === 6 ? { role: side, family } : { role: side } } : {}),
        token,
      });
      setRole(answer?.role ?? null);
    } catch (caught) {
      setRefusal(caught instanceof ApiError ? pick(caught.reason) : String(caught));
    }
  };

  if (!availability) return null;
  return (
    <fieldset className="move-group" data-testid="linux-peer">
      <legend>{t('linuxPeer.title')}</legend>
      {availability.available === false ? (
        <p className="muted small" data-testid="linux-peer-unavailable">
          {t('linuxPeer.unavailable')}
          {availability.reason && (
            <>
              {' '}
              <span lang="en">{availability.reason.en}</span> /{' '}
              <span lang="zh">{availability.reason.zh}</span>
            </>
          )}
        </p>
      ) : role ? (
        <div className="button-row">
          <span data-testid="linux-peer-role">{t('linuxPeer.plays', { role: t(`role.${role}`) })}</span>
          <button type="button" onClick={() => send('DELETE')}>
            {t('linuxPeer.stop')}
          </button>
        </div>
      ) : (
        <div className="button-row">
          <label>
            {t('linuxPeer.side')}{' '}
            <select name="linuxPeerSide" value={side} onChange={(e) => setSide(e.target.value as Role)}>
              <option value="client">{t('role.client')}</option>
              <option value="server">{t('role.server')}</option>
            </select>
          </label>
          <label>
            {t('linuxPeer.ipVersion')}{' '}
            <select
              name="linuxPeerFamily"
              value={family}
              onChange={(e) => setFamily(e.target.value === '6' ? 6 : 4)}
            >
              <option value="4">{t('linuxPeer.ipv4')}</option>
              <option value="6">{t('linuxPeer.ipv6')}</option>
            </select>
          </label>
          <button type="button" onClick={() => send('POST')}>
            {t('linuxPeer.start')}
          </button>
        </div>
      )}
      {refusal && (
        <p className="error" role="alert">
          {refusal}
        </p>
      )}
    </fieldset>
  );
}

const sentText = (sent: readonly Segment[], nothing: string) =>
  sent.length ? sent.map((segment) => segmentText(segment)).join('; ') : nothing;

/** "Linux: <what it sent>, <state> — agreed", or "⚠ … — differs: …" with each allowed difference marked. */
export function KernelLine({ kernel }: { kernel: KernelMove | undefined }) {
  const { t, pick } = useLang();
  if (!kernel) return null;
  const differences = kernel.differences.map((difference) =>
    difference.allowedBy
      ? t('linuxPeer.allowedDifference', { what: pick(difference.what) })
      : pick(difference.what),
  );
  return (
    <span
      className={`kernel-line ${kernel.agreed ? 'kernel-line--agreed' : 'kernel-line--differs'}`}
      data-testid="kernel-line"
      data-agreed={kernel.agreed}
    >
      <br />
      {kernel.agreed ? '✓ ' : '⚠ '}
      {t('linuxPeer.line', {
        role: t(`role.${kernel.role}`),
        sent: sentText(kernel.linux.sent, t('linuxPeer.sentNothing')),
        state: kernel.linux.state,
      })}{' '}
      —{' '}
      {kernel.agreed
        ? differences.length
          ? t('linuxPeer.agreedExcept', { list: differences.join('; ') })
          : t('linuxPeer.agreed')
        : t('linuxPeer.differs', { list: differences.join('; ') })}
    </span>
  );
}
