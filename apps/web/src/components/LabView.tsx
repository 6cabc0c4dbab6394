/** One lab as everybody sees it: goal, both endpoints, the state diagram and the ladder. */
import type { ReactNode } from 'react';
import { tcbOf, type LabSnapshot } from '@tcp-lab/lab-protocol';
import {
  LAB_MODE_CHOICES,
  LAB_STATUS_CHOICES,
  NETWORK_MODE_CHOICES,
  PROFILE_CHOICES,
  labelOf,
  linuxPeerOf,
  ruleById,
} from '@tcp-lab/tcp-core';
import type { Role } from '@tcp-lab/tcp-core';
import { useLang } from '../i18n';
import { ensureLinuxPeerTexts } from '../i18n/linux-peer';
import { labGoalReached } from '../lib/goal';
import { Ladder } from './Ladder';
import { optionsText, segmentText, windowText } from './ladderModel';
import { KernelLine, kernelOf } from './LinuxPeer';
import { LinuxPeerChange, linuxPeerMoveOf } from './LinuxBeside';
import { StateDiagram } from './StateDiagram';
import { TcbPanel } from './TcbPanel';

export function LabHeader({
  snapshot,
  showTcb = true,
  profileAction,
}: {
  snapshot: LabSnapshot;
  showTcb?: boolean;
  /** beside the profile: the student's "Try this round under the other profile" (ProfileFlip) */
  profileAction?: ReactNode;
}) {
  ensureLinuxPeerTexts();
  const { t, pick } = useLang();
  // a side is played by a student's seat, by the real Linux kernel (the lab's log says so), or by tcp-core
  const linux = linuxPeerOf(snapshot.transcript);
  const playerOf = (role: Role) =>
    snapshot.seats[role]?.displayName ?? (linux === role ? t('linuxPeer.linuxEndpoint') : t('lab.builtIn'));
  return (
    <div className="lab-header">
      <div>
        <span className={`status status--${snapshot.status}`}>
          {pick(labelOf(LAB_STATUS_CHOICES, snapshot.status))}
        </span>{' '}
        <span className="muted">
          {pick(labelOf(LAB_MODE_CHOICES, snapshot.mode))} ·{' '}
          {pick(labelOf(NETWORK_MODE_CHOICES, snapshot.network))} ·{' '}
          <span data-testid="lab-profile">
            {t('lab.profile', {
              profile: pick(labelOf(PROFILE_CHOICES, snapshot.lab.settings.profile ?? 'rfc')),
            })}
          </span>
        </span>
        {profileAction}
        {labGoalReached(snapshot) && (
          <span className="goal-reached" data-testid="goal-reached">
            {' '}
            ★ {t('lab.goalReached')}
          </span>
        )}
      </div>
      {snapshot.scenario && (
        <p className="scenario">
          <strong>{pick(snapshot.scenario.title)}</strong> — {pick(snapshot.scenario.goal)}
        </p>
      )}
      <p className="endpoints">
        <span className="endpoint endpoint--client" data-testid="client-state">
          {t('role.client')}
          {` (${playerOf('client')})`}: <strong>{snapshot.states.client}</strong>
        </span>
        <span className="endpoint endpoint--server" data-testid="server-state">
          {t('role.server')}
          {` (${playerOf('server')})`}: <strong>{snapshot.states.server}</strong>
        </span>
      </p>
      {showTcb && <TcbPanels snapshot={snapshot} />}
    </div>
  );
}

export function TcbPanels({ snapshot }: { snapshot: LabSnapshot }) {
  return (
    <div className="tcbs">
      {(['client', 'server'] as Role[]).map((role) => (
        <TcbPanel key={role} role={role} tcb={tcbOf(snapshot.lab[role])} clock={snapshot.lab.clock} />
      ))}
    </div>
  );
}

export function LabDiagrams({
  snapshot,
  size = 'normal',
}: {
  snapshot: LabSnapshot;
  size?: 'normal' | 'projector';
}) {
  const last = snapshot.transcript.at(-1);
  return (
    <div className="lab-diagrams">
      <StateDiagram
        current={snapshot.states}
        lastTransitions={last?.transitions ?? []}
        settings={snapshot.lab.settings}
        size={size}
      />
      <Ladder
        entries={snapshot.transcript}
        states={snapshot.states}
        names={{ client: snapshot.seats.client?.displayName, server: snapshot.seats.server?.displayName }}
        size={size}
      />
      <TranscriptAsText snapshot={snapshot} />
    </div>
  );
}

/** The ladder and the diagram's path as a list, for screen readers and for anyone who prefers reading. */
export function TranscriptAsText({ snapshot }: { snapshot: LabSnapshot }) {
  const { t } = useLang();
  return (
    <details className="as-text">
      <summary>{t('ladder.asText')}</summary>
      <ol data-testid="ladder-text">
        {snapshot.transcript.map((entry) => (
          <li key={entry.step}>
            #{entry.step} {t(`actor.${String(entry.actor)}`, { defaultValue: String(entry.actor) })}
            {entry.ok ? '' : ` — ${t('feedback.rejected')}`}
            {entry.correct === false ? ` — ${t('feedback.incorrect')}` : ''}
            {(entry.transitions ?? []).map((tr, i) => (
              <span key={`t${i}`}>
                ; {t(`role.${tr.endpoint}`)}: {tr.from} → {tr.to}
                {tr.ruleId && ruleById(tr.ruleId)?.when?.profile
                  ? ` (${t(`profileRule.${ruleById(tr.ruleId)!.when!.profile}`)})`
                  : ''}
              </span>
            ))}
            {(entry.emitted ?? []).map((segment) => (
              <span key={`s${segment.id}`}>
                ; {t('ladder.sentBy', { role: t(`role.${segment.from}`) })} {segmentText(segment)}
                {segment.wnd === undefined ? '' : ` ${windowText(segment)}`}
                {optionsText(segment) ? ` (${t('ladder.options', { list: optionsText(segment) })})` : ''}
              </span>
            ))}
            <KernelLine kernel={kernelOf(entry)} />
            {linuxPeerMoveOf(entry) && (
              <>
                {' — '}
                <LinuxPeerChange move={linuxPeerMoveOf(entry)!} />
              </>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}
