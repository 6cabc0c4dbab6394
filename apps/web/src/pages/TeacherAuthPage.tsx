/** Instructor sign-in and registration. */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/http';
import { instructorToken } from '../api/session';
import type { AuthResponse } from '@tcp-lab/lab-protocol';
import { useLang } from '../i18n';

export function TeacherAuthPage({ onSignedIn }: { onSignedIn: () => void }) {
  const { t, pick } = useLang();
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = mode === 'register' ? { email, name, password } : { email, password };
      const response = await api<AuthResponse>(`/auth/${mode}`, { body });
      instructorToken.set(response.token);
      onSignedIn();
    } catch (caught) {
      setError(caught instanceof ApiError ? pick(caught.reason) : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page page--narrow">
      <h1>{t('teacher.title')}</h1>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'login'} onClick={() => setMode('login')}>
          {t('teacher.signIn')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'register'}
          onClick={() => setMode('register')}
        >
          {t('teacher.register')}
        </button>
      </div>
      <form className="card form" onSubmit={submit}>
        <label>
          {t('teacher.email')}
          <input
            name="email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoComplete="username"
          />
        </label>
        {mode === 'register' && (
          <label>
            {t('teacher.name')}
            <input name="name" value={name} onChange={(e) => setName(e.target.value)} required />
          </label>
        )}
        <label>
          {t('teacher.password')}
          <input
            name="password"
            type="password"
            minLength={8}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete={mode === 'register' ? 'new-password' : 'current-password'}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'register' ? t('teacher.register') : t('teacher.signIn')}
        </button>
      </form>
      <p>
        <a href="#/join">{t('teacher.studentLink')}</a>
      </p>
    </main>
  );
}
