/** The instructor watches one lab live (read-only diagrams), controls it and injects network faults. */
import { useEffect, useState } from 'react';
import {
  FAULT_KIND_CHOICES,
  LAB_MODE_CHOICES,
  NETWORK_MODE_CHOICES,
  PROFILE_CHOICES,
  type FaultKind,
  type LabMode,
  type NetworkMode,
  type Profile,
  type Role,
} from '@tcp-lab/tcp-core';
import { ChoiceOptions } from '../components/ChoiceOptions';
import { api, ApiError } from '../api/http';
import { instructorToken } from '../api/session';
import {
  type LabAction,
  type LabResponse,
  type LabSnapshot,
  type ScenarioSummary,
} from '@tcp-lab/lab-protocol';
import { useLang } from '../i18n';
import { mergeUpdate } from '../lib/snapshot';
import { useLabWatch } from '../lib/useLabWatch';
import { LabDiagrams, LabHeader } from '../components/LabView';
import { ClockSelect, ClockStatus, clockRateOf } from '../components/ClockPace';
import { PcapDownload } from '../components/PcapDownload';
import { RoundHistory } from '../components/RoundHistory';
import { LinuxPeerControl } from '../components/LinuxPeer';
import type { Classroom } from '@tcp-lab/lab-protocol';

export function LabWatchPage({ labId }: { labId: string }) {
  const { t, pick } = useLang();
  const token = instructorToken.get();
  const { snapshot, setSnapshot, message, setMessage } = useLabWatch(labId, token);
  const [fault, setFault] = useState<FaultKind>('drop');
  const [faultFrom, setFaultFrom] = useState<Role>('client');
  const [delayMs, setDelayMs] = useState('2000');
  const [advanceMs, setAdvanceMs] = useState('1000');
  const [scenarios, setScenarios] = useState<ScenarioSummary[]>([]);
  const [scenarioId, setScenarioId] = useState('');
  const [mode, setMode] = useState<LabMode>('calls');
  const [network, setNetwork] = useState<NetworkMode>('manual');
  /** the profile picked for a new round; until the instructor picks one, the other one than the lab runs */
  const [profile, setProfile] = useState<Profile | null>(null);
  /** the pace picked in the select; until the instructor picks one, the lab's own */
  const [clock, setClock] = useState<string | null>(null);

  useEffect(() => {
    api<ScenarioSummary[]>('/scenarios', { token }).then(setScenarios, () => setScenarios([]));
  }, [token]);

  const run = async (path: string, body: unknown) => {
    setMessage(null);
    try {
      const response = await api<LabResponse>(path, { body, token });
      setSnapshot((previous) => mergeUpdate(previous, response.lab));
    } catch (caught) {
      setMessage(caught instanceof ApiError ? pick(caught.reason) : String(caught));
    }
  };
  const control = (action: LabAction, extra: Record<string, unknown> = {}) => {
    if ((action === 'reset' || action === 'end') && !window.confirm(t(`confirm.${action}`))) return;
    if (action === 'start' && snapshot?.status === 'ended') {
      setMessage(t('dashboard.endedStay', { count: 1 }));
      return;
    }
    return run(`/labs/${labId}/control`, { action, ...extra });
  };
  const tokenQuery = token ? `?token=${encodeURIComponent(token)}` : '';
  const [classroomName, setClassroomName] = useState('class');
  const classroomId = snapshot?.classroomId;
  useEffect(() => {
    if (!classroomId) return;
    api<Classroom>(`/classrooms/${classroomId}`, { token }).then(
      (classroom) => setClassroomName(classroom.name),
      () => undefined,
    );
  }, [classroomId, token]);

  return (
    <main className="page page--wide">
      <div className="page-title-row">
        <h1>{t('watch.title')}</h1>
        {snapshot && (
          <a href={classroomOf(snapshot) ? `#/teacher/class/${classroomOf(snapshot)}` : '#/teacher'}>
            {t('watch.back')}
          </a>
        )}
        <a href={`#/teacher/lab/${labId}/replay`}>{t('watch.replay')}</a>
        <a href={`#/teacher/lab/${labId}/projector`}>{t('projector.labView')}</a>
        <a href={`/api/labs/${labId}/transcript.json${tokenQuery}`} download>
          {t('watch.downloadJson')}
        </a>
        <a href={`/api/labs/${labId}/transcript.csv${tokenQuery}`} download>
          {t('watch.downloadCsv')}
        </a>
        {snapshot && <PcapDownload labId={labId} token={token} rounds={snapshot.round} />}
      </div>
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
      {!snapshot ? (
        <p>{t('lab.loading')}</p>
      ) : (
        <div className="lab-layout">
          <div className="lab-main">
            <LabHeader snapshot={snapshot} />
            <LabDiagrams snapshot={snapshot} />
          </div>
          <aside className="lab-side">
            <fieldset className="move-group">
              <legend>{t('watch.controls')}</legend>
              <div className="button-row">
                {(['start', 'pause', 'resume', 'reset', 'end', 'swap-roles'] as LabAction[]).map((action) => (
                  <button key={action} type="button" onClick={() => control(action)} data-action={action}>
                    {t(`control.${action}`)}
                  </button>
                ))}
              </div>
              <div className="button-row">
                <label>
                  {t('moves.advanceBy')}{' '}
                  <input
                    type="number"
                    min={0}
                    value={advanceMs}
                    onChange={(e) => setAdvanceMs(e.target.value)}
                  />{' '}
                  ms
                </label>
                <button
                  type="button"
                  onClick={() => control('advance-clock', { ms: Number(advanceMs) || 0 })}
                >
                  {t('moves.advance')}
                </button>
              </div>
              <p className="muted">
                {t('moves.clock')}: {t('moves.clockAt', { ms: snapshot.lab.clock })}
              </p>
              <ClockStatus clockRate={snapshot.clockRate} />
              <div className="button-row">
                <ClockSelect
                  value={clock ?? String(snapshot.clockRate)}
                  onChange={setClock}
                  withDefault={false}
                />
                <button
                  type="button"
                  data-action="set-clock"
                  onClick={() =>
                    control('set-clock', { clockRate: clockRateOf(clock ?? String(snapshot.clockRate)) })
                  }
                >
                  {t('control.set-clock')}
                </button>
              </div>
            </fieldset>
            <fieldset className="move-group">
              <legend>{t('watch.round')}</legend>
              <div className="form form--grid">
                <label>
                  {t('dashboard.scenario')}
                  <select value={scenarioId} onChange={(e) => setScenarioId(e.target.value)}>
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
                  <select value={mode} onChange={(e) => setMode(e.target.value as LabMode)}>
                    <ChoiceOptions choices={LAB_MODE_CHOICES} />
                  </select>
                </label>
                <label>
                  {t('dashboard.network')}
                  <select value={network} onChange={(e) => setNetwork(e.target.value as NetworkMode)}>
                    <ChoiceOptions choices={NETWORK_MODE_CHOICES} />
                  </select>
                </label>
              </div>
              <button
                type="button"
                onClick={() => control('set-scenario', { scenarioId: scenarioId || null, mode, network })}
              >
                {t('control.set-scenario')}
              </button>
              {/* the same scenario and settings, the other TCP: set-scenario without scenarioId keeps the scenario */}
              <div className="button-row">
                <label>
                  {t('watch.profile')}{' '}
                  <select
                    name="profile"
                    value={profile ?? otherProfile(snapshot.lab.settings.profile)}
                    onChange={(e) => setProfile(e.target.value as Profile)}
                  >
                    <ChoiceOptions choices={PROFILE_CHOICES} />
                  </select>
                </label>
                <button
                  type="button"
                  data-action="set-profile"
                  onClick={() =>
                    control('set-scenario', {
                      settings: { profile: profile ?? otherProfile(snapshot.lab.settings.profile) },
                    })
                  }
                >
                  {t('watch.profileRound')}
                </button>
              </div>
            </fieldset>
            <fieldset className="move-group">
              <legend>{t('watch.fault')}</legend>
              <p className="muted small">{t('watch.faultHint')}</p>
              <div className="form form--grid">
                <label>
                  {t('watch.faultKind')}
                  <select name="fault" value={fault} onChange={(e) => setFault(e.target.value as FaultKind)}>
                    <ChoiceOptions choices={FAULT_KIND_CHOICES} />
                  </select>
                </label>
                <label>
                  {t('watch.faultFrom')}
                  <select
                    name="faultFrom"
                    value={faultFrom}
                    onChange={(e) => setFaultFrom(e.target.value as Role)}
                  >
                    <option value="client">{t('role.client')}</option>
                    <option value="server">{t('role.server')}</option>
                  </select>
                </label>
                {fault === 'delay' && (
                  <label>
                    {t('watch.delay')}{' '}
                    <input
                      type="number"
                      min={0}
                      value={delayMs}
                      onChange={(e) => setDelayMs(e.target.value)}
                    />
                  </label>
                )}
              </div>
              <button
                type="button"
                className="primary"
                onClick={() =>
                  run(`/labs/${labId}/fault`, {
                    fault,
                    from: faultFrom,
                    ...(fault === 'delay' ? { delayMs: Number(delayMs) || 0 } : {}),
                  })
                }
              >
                {t('watch.inject')}
              </button>
            </fieldset>
            <LinuxPeerControl labId={labId} token={token} />
            <RoundHistory labId={labId} rounds={snapshot.round} classroomName={classroomName} token={token} />
          </aside>
        </div>
      )}
    </main>
  );
}

const otherProfile = (profile: Profile | undefined): Profile => (profile === 'linux' ? 'rfc' : 'linux');

/** The snapshot does not name its classroom; the dashboard link falls back to the class list. */
function classroomOf(snapshot: LabSnapshot): string {
  return (snapshot as LabSnapshot & { classroomId?: string }).classroomId ?? '';
}
