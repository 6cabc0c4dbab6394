/**
 * "Try this round under the Linux profile": a student starts a new round of their own lab with only tcp-core's
 * `profile` changed (socket event `lab:profile`), so both students can play the same moves under RFC 9293 and
 * under Linux and compare. The server refuses it outside a running lab and while a quiz runs in the class (its
 * reason is shown); the round's first entry says who switched.
 */
import { useState } from 'react';
import { PROFILE_CHOICES, isControlMove, labelOf, type Profile } from '@tcp-lab/tcp-core';
import type { LabSnapshot, Rejection } from '@tcp-lab/lab-protocol';
import { useLang } from '../i18n';

export const otherProfile = (profile: Profile): Profile => (profile === 'linux' ? 'rfc' : 'linux');

/** Who started this round under a new profile, from the round's `new-round` entry (cause `profile`). */
export function profileSwitch(snapshot: LabSnapshot): { role: string; profile: Profile } | null {
  const first = snapshot.transcript.find((entry) => isControlMove(entry.move));
  const move = first?.move as
    { action?: string; cause?: string; settings?: { profile?: Profile } } | undefined;
  if (move?.action !== 'new-round' || move.cause !== 'profile' || !first) return null;
  return { role: String(first.actor), profile: move.settings?.profile ?? 'rfc' };
}

export function ProfileFlip({
  snapshot,
  onFlip,
}: {
  snapshot: LabSnapshot;
  /** asks the server; resolves to its refusal, or null when the new round started */
  onFlip: (profile: Profile) => Promise<Rejection | null>;
}) {
  const { t, pick } = useLang();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Rejection | null>(null);
  const profile: Profile = snapshot.lab.settings.profile ?? 'rfc';
  const next = otherProfile(profile);
  const name = (p: Profile) => pick(labelOf(PROFILE_CHOICES, p));
  const switched = profileSwitch(snapshot);
  const running = snapshot.status === 'running';
  return (
    // inline in the lab header, beside "Profile: …": where a student reads which TCP the lab plays
    <span className="profile-flip" data-testid="profile-flip">
      <button
        type="button"
        data-action="try-profile"
        aria-describedby="profile-flip-hint"
        title={t('lab.profileFlip.hint')}
        disabled={busy || !running}
        onClick={async () => {
          setBusy(true);
          setRefusal(null);
          try {
            setRefusal(await onFlip(next));
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('lab.profileFlip.button', { profile: name(next) })}
      </button>
      <span id="profile-flip-hint" className="visually-hidden">
        {running ? t('lab.profileFlip.hint') : t('lab.profileFlip.notRunning')}
      </span>
      {switched && (
        <span className="profile-flip-note muted" data-testid="profile-switched">
          {t('lab.profileFlip.startedBy', {
            round: snapshot.round,
            role: t(`role.${switched.role}`, { defaultValue: switched.role }),
            profile: name(switched.profile),
          })}{' '}
          {t('lab.profileFlip.hint')}
        </span>
      )}
      {refusal && (
        <span className="profile-flip-note error" role="alert" data-code={refusal.code}>
          {pick(refusal.reason)}
        </span>
      )}
    </span>
  );
}
