/** Where the class goes wrong: the state diagram with each arrow coloured by its share of mistakes. */
import { useEffect, useState } from 'react';
import { TRANSITIONS } from '@tcp-lab/tcp-core';
import { api, ApiError } from '../api/http';
import { instructorToken } from '../api/session';
import type { MistakeStats } from '@tcp-lab/lab-protocol';
import { useLang } from '../i18n';
import { StateDiagram } from '../components/StateDiagram';
import { ruleLabel } from '../components/diagramLayout';

export function MistakesPage({ classroomId }: { classroomId: string }) {
  const { t, pick } = useLang();
  const token = instructorToken.get();
  const [stats, setStats] = useState<MistakeStats | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    api<MistakeStats>(`/classrooms/${classroomId}/mistakes`, { token }).then(setStats, (caught) =>
      setError(caught instanceof ApiError ? pick(caught.reason) : String(caught)),
    );
  useEffect(() => {
    void load();
  }, [classroomId]);

  const rows = Object.entries(stats?.byRule ?? {})
    .map(([ruleId, figures]) => ({
      ruleId,
      rule: TRANSITIONS.find((rule) => rule.id === ruleId),
      ...figures,
    }))
    .sort((a, b) => b.mistakes - a.mistakes || b.attempts - a.attempts);

  return (
    <main className="page page--wide">
      <div className="page-title-row">
        <h1>{t('mistakes.title')}</h1>
        <a href={`#/teacher/class/${classroomId}`}>{t('watch.back')}</a>
        <button type="button" onClick={() => void load()}>
          {t('mistakes.refresh')}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p>{t('mistakes.total', { count: stats?.total ?? 0 })}</p>
      <div className="heat-legend">
        <span className="heat heat--none">{t('mistakes.legend.none')}</span>
        <span className="heat heat--ok">0%</span>
        <span className="heat heat--low">&lt; 25%</span>
        <span className="heat heat--mid">25–50%</span>
        <span className="heat heat--high">≥ 50%</span>
      </div>
      <div className="lab-layout">
        <div className="lab-main">
          <StateDiagram heat={stats?.byRule ?? {}} />
        </div>
        <aside className="lab-side">
          <table className="mistake-table">
            <thead>
              <tr>
                <th>{t('mistakes.rule')}</th>
                <th>{t('mistakes.mistakes')}</th>
                <th>{t('mistakes.attempts')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.ruleId}>
                  <td>
                    {row.rule ? `${row.rule.from} → ${row.rule.to}: ${ruleLabel(row.rule)}` : row.ruleId}
                  </td>
                  <td>{row.mistakes}</td>
                  <td>{row.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </aside>
      </div>
    </main>
  );
}
