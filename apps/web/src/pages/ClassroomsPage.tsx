/** The instructor's classes, and a form to create one. */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/http';
import { instructorToken } from '../api/session';
import type { Classroom } from '@tcp-lab/lab-protocol';
import { useLang } from '../i18n';
import { navigate } from '../lib/router';

export function ClassroomsPage({ onSignOut }: { onSignOut: () => void }) {
  const { t, pick } = useLang();
  const token = instructorToken.get();
  const [classrooms, setClassrooms] = useState<Classroom[] | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const fail = (caught: unknown) => {
    if (caught instanceof ApiError && caught.status === 401) onSignOut();
    else setError(caught instanceof ApiError ? pick(caught.reason) : String(caught));
  };

  useEffect(() => {
    api<Classroom[]>('/classrooms', { token }).then(setClassrooms, fail);
  }, [token]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const created = await api<Classroom>('/classrooms', { body: { name }, token });
      navigate(`/teacher/class/${created.id}`);
    } catch (caught) {
      fail(caught);
    }
  };

  return (
    <main className="page">
      <div className="page-title-row">
        <h1>{t('classes.title')}</h1>
        <a href="#/teacher/import">{t('classes.importCapture')}</a>
        <button type="button" className="link-button" onClick={onSignOut}>
          {t('teacher.signOut')}
        </button>
      </div>
      <form className="card form form--inline" onSubmit={create}>
        <label>
          {t('classes.newName')}
          <input name="className" value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <button type="submit" className="primary">
          {t('classes.create')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {classrooms && classrooms.length === 0 && <p className="muted">{t('classes.none')}</p>}
      <ul className="class-list">
        {classrooms?.map((classroom) => (
          <li key={classroom.id} className="card">
            <a href={`#/teacher/class/${classroom.id}`}>
              <strong>{classroom.name}</strong>
            </a>{' '}
            <span className="join-code-small">{classroom.joinCode}</span>{' '}
            <span className="muted">{t('classes.seats', { count: classroom.seatCount ?? 0 })}</span>
          </li>
        ))}
      </ul>
    </main>
  );
}
