/**
 * The instructor's live dashboard for one class: the join code large enough for a projector, the roster filling
 * in live, pairing, class-wide controls and one card per lab (states, moves, mistakes, time since the last move).
 */
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/http';
import { instructorToken } from '../api/session';
import type {
  ControlBody,
  LabAction,
  LabsResponse,
  PairingRequest,
  LabSummary,
  RosterSeat as Seat,
  ScenarioSummary,
} from '@tcp-lab/lab-protocol';
import {
  LAB_MODE_CHOICES,
  LAB_STATUS_CHOICES,
  NETWORK_MODE_CHOICES,
  labelOf,
  type LabMode,
  type NetworkMode,
} from '@tcp-lab/tcp-core';
import { ChoiceOptions } from '../components/ChoiceOptions';
import { useLang } from '../i18n';
import { useClassWatch } from '../lib/useClassWatch';
import { InstructorQuizLink } from '../components/quiz/QuizLink';
import { secondsSince, useNow } from '../lib/useNow';
import { ClockSelect, SERVER_DEFAULT_PACE, STOPPED_PACE, clockRateOf } from '../components/ClockPace';
import { PcapDownload } from '../components/PcapDownload';
import { JoinQr, useJoinAddress } from '../components/JoinAddress';
import {
  EMPTY_SETTINGS,
  PairingSettings,
  settingsOfDraft,
  type SettingsDraft,
} from '../components/PairingSettings';

/** Actions that throw away students' work or cannot be undone ask first. */
const CONFIRM: Partial<Record<LabAction, string>> = { reset: 'confirm.resetAll', end: 'confirm.endAll' };

interface PairDraft {
  client: string;
  server: string;
}
const BUILT_IN = '';

export function DashboardPage({ classroomId }: { classroomId: string }) {
  const { t, pick } = useLang();
  const token = instructorToken.get();
  const { classroom, labs, error, connected, upsertLabs } = useClassWatch(classroomId);
  const [scenarios, setScenarios] = useState<ScenarioSummary[]>([]);
  const [scenarioId, setScenarioId] = useState('');
  const [mode, setMode] = useState<LabMode>('calls');
  const [network, setNetwork] = useState<NetworkMode>('manual');
  // Until the teacher picks a pace, a lab where students deliver segments by hand starts with its clock stopped: at
  // the server's pace its SYNs would be retransmitted while the students are still reading the first one.
  const [clockChoice, setClock] = useState<string | null>(null);
  const clock = clockChoice ?? (network === 'manual' ? STOPPED_PACE : SERVER_DEFAULT_PACE);
  const [startNow, setStartNow] = useState(true);
  const [settingsDraft, setSettingsDraft] = useState<SettingsDraft>(EMPTY_SETTINGS);
  const [pairs, setPairs] = useState<PairDraft[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [projector, setProjector] = useState(false);
  const [hideEnded, setHideEnded] = useState(false);
  const joinAddress = useJoinAddress();

  useEffect(() => {
    api<ScenarioSummary[]>('/scenarios', { token }).then(setScenarios, () => setScenarios([]));
  }, [token]);

  const run = async (action: () => Promise<void>) => {
    setMessage(null);
    try {
      await action();
    } catch (caught) {
      setMessage(caught instanceof ApiError ? pick(caught.reason) : String(caught));
    }
  };
  const labOptions = {
    scenarioId: scenarioId || null,
    mode,
    network,
    start: startNow,
    clockRate: clockRateOf(clock),
  };
  const chosen = settingsOfDraft(settingsDraft);
  /** the TCP settings chosen, or null (and the reasons shown) when one is out of tcp-core's bounds */
  const pairingSettings = () => {
    if (!chosen.ok) {
      setMessage(chosen.problems.map((problem) => pick(problem)).join(' '));
      return null;
    }
    return Object.keys(chosen.settings).length ? { settings: chosen.settings } : {};
  };
  const pairAuto = () =>
    run(async () => {
      const settings = pairingSettings();
      if (!settings) return;
      const response = await api<LabsResponse>(`/classrooms/${classroomId}/pairings`, {
        body: { strategy: 'auto', ...labOptions, ...settings } satisfies PairingRequest,
        token,
      });
      upsertLabs(response.labs);
    });
  const pairManual = () =>
    run(async () => {
      const settings = pairingSettings();
      if (!settings) return;
      const body: PairingRequest = {
        strategy: 'manual',
        pairs: pairs.map((pair) => ({ client: pair.client || null, server: pair.server || null })),
        ...labOptions,
        ...settings,
      };
      const response = await api<LabsResponse>(`/classrooms/${classroomId}/pairings`, { body, token });
      upsertLabs(response.labs);
      setPairs([]);
    });
  const controlAll = (action: LabAction) => {
    if (CONFIRM[action] && !window.confirm(t(CONFIRM[action]!))) return;
    return run(async () => {
      const body: ControlBody =
        action === 'set-scenario'
          ? { action, scenarioId: scenarioId || null, mode, network }
          : action === 'set-clock'
            ? { action, clockRate: clockRateOf(clock) }
            : { action };
      const before = labs;
      const response = await api<LabsResponse>(`/classrooms/${classroomId}/labs/control`, { body, token });
      upsertLabs(response.labs);
      // an ended lab is over for good: say so instead of leaving "Start" without an effect
      const ended = before.filter((lab) => lab.status === 'ended').length;
      if ((action === 'start' || action === 'resume') && ended > 0)
        setMessage(t('dashboard.endedStay', { count: ended }));
    });
  };

  /** A student who left the room, a duplicate: off the roster, never paired again; the student is told. */
  const removeSeat = (seat: Seat) => {
    if (!window.confirm(t('confirm.removeSeat', { name: seat.displayName }))) return;
    return run(async () => {
      await api(`/classrooms/${classroomId}/seats/${seat.id}`, { method: 'DELETE', token });
      setMessage(t('dashboard.seatRemoved', { name: seat.displayName }));
    });
  };

  const seats = classroom?.seats ?? [];
  const onRoster = classroom ? new Set(seats.map((seat) => seat.id)) : undefined;
  return (
    <main className={`page page--wide ${projector ? 'projector' : ''}`}>
      <div className="page-title-row">
        <h1>{classroom?.name ?? t('dashboard.loading')}</h1>
        <span className={`connection ${connected ? 'connection--on' : 'connection--off'}`}>
          {connected ? t('lab.online') : t('lab.offline')}
        </span>
        <a href="#/teacher">{t('dashboard.allClasses')}</a>
        <a href={`#/teacher/class/${classroomId}/mistakes`}>{t('dashboard.mistakes')}</a>
        <InstructorQuizLink classroomId={classroomId} />
      </div>
      {error && (
        <p className="error" role="alert">
          {pick(error.reason)}
        </p>
      )}
      <section className="join-panel card" aria-label={t('dashboard.joinCode')}>
        <div>
          <p className="muted" data-testid="join-at">
            {t('dashboard.joinAt', { url: joinAddress?.url ?? '…' })}
          </p>
          <p className="join-code" data-testid="join-code">
            {classroom?.joinCode ?? '······'}
          </p>
          {joinAddress?.source === 'loopback' && <p className="notice small">{t('projector.loopback')}</p>}
        </div>
        {joinAddress && classroom && (
          <JoinQr
            url={`${joinAddress.url}#/join?code=${encodeURIComponent(classroom.joinCode)}`}
            label={t('projector.qr', { url: joinAddress.url })}
          />
        )}
        <div className="button-row">
          <button type="button" onClick={() => setProjector((on) => !on)} aria-pressed={projector}>
            {t('dashboard.projector')}
          </button>
          <a className="button" href={`#/teacher/class/${classroomId}/projector`}>
            {t('projector.classView')}
          </a>
        </div>
      </section>

      <div className="dashboard-grid">
        <section className="card roster" aria-label={t('dashboard.roster')}>
          <h2>
            {t('dashboard.roster')} ({seats.length})
          </h2>
          {seats.length === 0 && <p className="muted">{t('dashboard.nobody')}</p>}
          <ul data-testid="roster">
            {seats.map((seat) => (
              <li key={seat.id} className={seat.online ? 'online' : 'offline'}>
                <span className="dot" aria-hidden="true" /> {seat.displayName}{' '}
                <span className="muted">
                  {seat.online ? t('lab.online') : t('lab.offline')}
                  {seat.role ? ` · ${t(`role.${seat.role}`)}` : ''}
                </span>{' '}
                <button
                  type="button"
                  className="link-button roster-remove"
                  onClick={() => void removeSeat(seat)}
                  aria-label={t('dashboard.removeSeatNamed', { name: seat.displayName })}
                >
                  {t('dashboard.removeSeat')}
                </button>
              </li>
            ))}
          </ul>
        </section>

        <section className="card pairing" aria-label={t('dashboard.pairing')}>
          <h2>{t('dashboard.pairing')}</h2>
          <div className="form form--grid">
            <label>
              {t('dashboard.scenario')}
              <select value={scenarioId} onChange={(e) => setScenarioId(e.target.value)} name="scenario">
                <option value="">{t('dashboard.freePlay')}</option>
                {scenarios.map((scenario) => (
                  <option key={scenario.id} value={scenario.id}>
                    {pick(scenario.title)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('dashboard.mode')}
              <select value={mode} onChange={(e) => setMode(e.target.value as LabMode)} name="mode">
                <ChoiceOptions choices={LAB_MODE_CHOICES} />
              </select>
            </label>
            <label>
              {t('dashboard.network')}
              <select
                value={network}
                onChange={(e) => setNetwork(e.target.value as NetworkMode)}
                name="network"
              >
                <ChoiceOptions choices={NETWORK_MODE_CHOICES} />
              </select>
            </label>
            <ClockSelect value={clock} onChange={setClock} />
          </div>
          <PairingSettings value={settingsDraft} onChange={setSettingsDraft} />
          <label className="checkbox">
            <input type="checkbox" checked={startNow} onChange={(e) => setStartNow(e.target.checked)} />{' '}
            {t('dashboard.startNow')}
          </label>
          {scenarioId && <p className="muted">{pick(scenarios.find((s) => s.id === scenarioId)?.goal)}</p>}
          <div className="button-row">
            <button type="button" className="primary" onClick={pairAuto}>
              {t('dashboard.pairAuto')}
            </button>
            <button
              type="button"
              onClick={() => setPairs((all) => [...all, { client: BUILT_IN, server: BUILT_IN }])}
            >
              + {t('dashboard.addPair')}
            </button>
          </div>
          {pairs.length > 0 && (
            <div className="manual-pairs">
              {pairs.map((pair, index) => (
                <div key={index} className="pair-row">
                  <SeatSelect
                    label={t('role.client')}
                    seats={seats}
                    value={pair.client}
                    onChange={(client) =>
                      setPairs((all) => all.map((p, i) => (i === index ? { ...p, client } : p)))
                    }
                  />
                  <SeatSelect
                    label={t('role.server')}
                    seats={seats}
                    value={pair.server}
                    onChange={(server) =>
                      setPairs((all) => all.map((p, i) => (i === index ? { ...p, server } : p)))
                    }
                  />
                  <button type="button" onClick={() => setPairs((all) => all.filter((_, i) => i !== index))}>
                    {t('moves.removeSegment')}
                  </button>
                </div>
              ))}
              <button type="button" className="primary" onClick={pairManual}>
                {t('dashboard.createPairs')}
              </button>
            </div>
          )}
          <h3>{t('dashboard.allLabs')}</h3>
          <div className="button-row">
            {(
              [
                'start',
                'pause',
                'resume',
                'reset',
                'end',
                'swap-roles',
                'set-scenario',
                'set-clock',
              ] as LabAction[]
            ).map((action) => (
              <button key={action} type="button" onClick={() => controlAll(action)} data-action={action}>
                {t(`control.${action}`)}
              </button>
            ))}
          </div>
          {message && (
            <p className="error" role="alert">
              {message}
            </p>
          )}
        </section>
      </div>

      <section aria-label={t('dashboard.labs')}>
        <h2>
          {t('dashboard.labs')} ({labs.length})
        </h2>
        <label className="checkbox">
          <input type="checkbox" checked={hideEnded} onChange={(e) => setHideEnded(e.target.checked)} />{' '}
          {t('dashboard.hideEnded', { count: labs.filter((lab) => lab.status === 'ended').length })}
        </label>
        <div className="lab-cards" data-testid="lab-cards">
          {labs
            .filter((lab) => !hideEnded || lab.status !== 'ended')
            .map((lab) => (
              <div key={lab.id} className="lab-card-slot">
                <LabCard lab={lab} scenarios={scenarios} onRoster={onRoster} />
                <PcapDownload labId={lab.id} token={token} rounds={lab.round} />
              </div>
            ))}
        </div>
      </section>
    </main>
  );
}

function SeatSelect({
  label,
  seats,
  value,
  onChange,
}: {
  label: string;
  seats: Seat[];
  value: string;
  onChange: (seatId: string) => void;
}) {
  const { t } = useLang();
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value={BUILT_IN}>{t('lab.builtIn')}</option>
        {seats.map((seat) => (
          <option key={seat.id} value={seat.id}>
            {seat.displayName}
          </option>
        ))}
      </select>
    </label>
  );
}

export function LabCard({
  lab,
  scenarios = [],
  onRoster,
}: {
  lab: LabSummary;
  scenarios?: ScenarioSummary[];
  /** the seats still on the roster: a lab's student who left or was removed is marked so */
  onRoster?: ReadonlySet<string>;
}) {
  const { t, pick } = useLang();
  const gone = (seat: LabSummary['seats']['client']) =>
    seat && onRoster && !onRoster.has(seat.seatId) ? (
      <span className="muted" data-testid="card-seat-gone">
        {' '}
        ({t('dashboard.seatGone')})
      </span>
    ) : null;
  const scenario = scenarios.find((candidate) => candidate.id === lab.scenarioId);
  const goalReached = lab.goalReached;
  const now = useNow(1000);
  const idle = secondsSince(lab.lastMoveAt, now);
  return (
    <a
      className={`lab-card card ${lab.stuck ? 'lab-card--stuck' : ''}`}
      href={`#/teacher/lab/${lab.id}`}
      data-lab-id={lab.id}
    >
      <div className="lab-card-top">
        <span className={`status status--${lab.status}`}>
          {pick(labelOf(LAB_STATUS_CHOICES, lab.status))}
        </span>
        {lab.stuck && <span className="stuck-flag">⚠ {t('dashboard.stuck')}</span>}
        <span className="muted small" data-testid="card-clock">
          {lab.clockRate === 0 ? t('clock.cardStopped') : t('clock.cardRunning', { rate: lab.clockRate })}
        </span>
      </div>
      <dl>
        <div className="endpoint endpoint--client">
          <dt>
            {t('role.client')}: {lab.seats.client?.displayName ?? t('lab.builtIn')}
            {gone(lab.seats.client)}
          </dt>
          <dd data-testid="card-client-state">{lab.states.client}</dd>
        </div>
        <div className="endpoint endpoint--server">
          <dt>
            {t('role.server')}: {lab.seats.server?.displayName ?? t('lab.builtIn')}
            {gone(lab.seats.server)}
          </dt>
          <dd data-testid="card-server-state">{lab.states.server}</dd>
        </div>
      </dl>
      <p className="lab-card-scenario" data-testid="card-scenario">
        {lab.scenarioId ? pick(scenario?.title) || lab.scenarioId : t('dashboard.freePlay')} ·{' '}
        {pick(labelOf(LAB_MODE_CHOICES, lab.mode))} · {pick(labelOf(NETWORK_MODE_CHOICES, lab.network))}
        {goalReached && (
          <strong className="goal-reached" data-testid="card-goal">
            {' '}
            ★ {t('lab.goalReached')}
          </strong>
        )}
      </p>
      <p className="lab-card-stats">
        {t('dashboard.moves', { count: lab.moveCount })} ·{' '}
        {t('dashboard.mistakeCount', { count: lab.mistakes })} ·{' '}
        {idle === null ? t('dashboard.noMoves') : t('dashboard.idle', { seconds: idle })}
      </p>
    </a>
  );
}
