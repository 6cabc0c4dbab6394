/** One lab as everybody sees it: goal, both endpoints, the state diagram and the ladder. */
import type { LabSnapshot } from '@tcp-lab/lab-protocol';
import { LAB_MODE_CHOICES, LAB_STATUS_CHOICES, NETWORK_MODE_CHOICES, labelOf } from '@tcp-lab/tcp-core';
import { useLang } from '../i18n';
import { Ladder } from './Ladder';
import { StateDiagram } from './StateDiagram';

export function LabHeader({ snapshot }: { snapshot: LabSnapshot }) {
  const { t, pick } = useLang();
  return (
    <div className="lab-header">
      <div>
        <span className={`status status--${snapshot.status}`}>
          {pick(labelOf(LAB_STATUS_CHOICES, snapshot.status))}
        </span>{' '}
        <span className="muted">
          {pick(labelOf(LAB_MODE_CHOICES, snapshot.mode))} ·{' '}
          {pick(labelOf(NETWORK_MODE_CHOICES, snapshot.network))}
        </span>
        {snapshot.goalReached && <span className="goal-reached"> ★ {t('lab.goalReached')}</span>}
      </div>
      {snapshot.scenario && (
        <p className="scenario">
          <strong>{pick(snapshot.scenario.title)}</strong> — {pick(snapshot.scenario.goal)}
        </p>
      )}
      <p className="endpoints">
        <span className="endpoint endpoint--client" data-testid="client-state">
          {t('role.client')}
          {snapshot.seats.client ? ` (${snapshot.seats.client.displayName})` : ` (${t('lab.builtIn')})`}:{' '}
          <strong>{snapshot.states.client}</strong>
        </span>
        <span className="endpoint endpoint--server" data-testid="server-state">
          {t('role.server')}
          {snapshot.seats.server ? ` (${snapshot.seats.server.displayName})` : ` (${t('lab.builtIn')})`}:{' '}
          <strong>{snapshot.states.server}</strong>
        </span>
      </p>
    </div>
  );
}

export function LabDiagrams({ snapshot }: { snapshot: LabSnapshot }) {
  const last = snapshot.transcript.at(-1);
  return (
    <div className="lab-diagrams">
      <StateDiagram current={snapshot.states} lastTransitions={last?.transitions ?? []} />
      <Ladder
        entries={snapshot.transcript}
        states={snapshot.states}
        names={{ client: snapshot.seats.client?.displayName, server: snapshot.seats.server?.displayName }}
      />
    </div>
  );
}
