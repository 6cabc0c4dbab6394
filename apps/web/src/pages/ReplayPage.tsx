/**
 * Step through a lab's transcript, forward and back (buttons or arrow keys); the state diagram and the ladder
 * show the lab as it was after the chosen entry: tcp-core's replayEntries rebuilds it from the log (the same replay
 * the server, the quiz regrade and the CLI use), not from stored before/after states.
 */
import { useEffect, useMemo, useState } from 'react';
import { createLab, replayEntries, type Transcript } from '@tcp-lab/tcp-core';
import { api, ApiError } from '../api/http';
import { instructorToken } from '../api/session';
import { useLang } from '../i18n';
import { Ladder } from '../components/Ladder';
import { StateDiagram } from '../components/StateDiagram';
import { ReplayEntry } from '../components/ReplayEntry';
import { kernelOf } from '../components/LinuxPeer';

export function ReplayPage({ labId }: { labId: string }) {
  const { t, pick } = useLang();
  const token = instructorToken.get();
  const [transcript, setTranscript] = useState<Transcript | null>(null);
  const [error, setError] = useState<string | null>(null);
  // #/teacher/lab/:id/replay?round=N replays an earlier round; without it, the current one
  const round = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('round');
  useEffect(() => {
    setTranscript(null);
    api<Transcript>(`/labs/${labId}/transcript.json${round ? `?round=${encodeURIComponent(round)}` : ''}`, {
      token,
    }).then(setTranscript, (caught) =>
      setError(caught instanceof ApiError ? pick(caught.reason) : String(caught)),
    );
  }, [labId, token, round]);
  return (
    <main className="page page--wide">
      <div className="page-title-row">
        <h1>
          {t('replay.title')}
          {round ? ` — ${t('rounds.round', { n: round })}` : ''}
        </h1>
        <a href={`#/teacher/lab/${labId}`}>{t('replay.backToLab')}</a>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {transcript ? (
        <TranscriptReplay key={round ?? 'current'} transcript={transcript} />
      ) : (
        !error && <p>{t('lab.loading')}</p>
      )}
    </main>
  );
}

export function TranscriptReplay({ transcript }: { transcript: Transcript }) {
  const { t } = useLang();
  const entries = transcript.entries;
  const [position, setPosition] = useState(entries.length);
  const go = (next: number) => setPosition(Math.max(0, Math.min(entries.length, next)));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
      if (event.key === 'ArrowRight') go(position + 1);
      else if (event.key === 'ArrowLeft') go(position - 1);
      else if (event.key === 'Home') go(0);
      else if (event.key === 'End') go(entries.length);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const steps = useMemo(() => replayEntries(transcript), [transcript]);
  const replayed = position > 0 ? steps[position - 1] : null;
  // what Linux did is the server's record beside the entry (tcp-core's replay cannot make it again): kept
  const kernel = position > 0 ? kernelOf(entries[position - 1]) : undefined;
  const current = replayed ? (kernel ? { ...replayed.replayed, kernel } : replayed.replayed) : null;
  const lab = replayed?.lab ?? createLab(transcript.settings);
  const states = { client: lab.client.state, server: lab.server.state };
  return (
    <div className="replay" data-testid="replay">
      <div className="replay-controls button-row" role="toolbar" aria-label={t('replay.controls')}>
        <button type="button" onClick={() => go(0)} disabled={position === 0}>
          |◀ {t('replay.first')}
        </button>
        <button type="button" onClick={() => go(position - 1)} disabled={position === 0}>
          ◀ {t('replay.back')}
        </button>
        <span className="replay-position" aria-live="polite" data-testid="replay-position">
          {t('replay.position', { position, total: entries.length })}
        </span>
        <button type="button" onClick={() => go(position + 1)} disabled={position === entries.length}>
          {t('replay.forward')} ▶
        </button>
        <button type="button" onClick={() => go(entries.length)} disabled={position === entries.length}>
          {t('replay.last')} ▶|
        </button>
        <span className="muted small">{t('replay.keys')}</span>
      </div>
      {current && <ReplayEntry entry={current} />}
      <div className="lab-diagrams">
        <StateDiagram
          current={states}
          lastTransitions={current?.transitions ?? []}
          settings={transcript.settings}
        />
        <Ladder entries={entries} upTo={position} states={states} />
      </div>
    </div>
  );
}
