/** Students join with the class code shown on the projector and a display name. */
import { useEffect, useState, type FormEvent } from 'react';
import type { JoinResponse } from '@tcp-lab/lab-protocol';
import { api, ApiError } from '../api/http';
import { joinNotice, seatToken } from '../api/session';
import { useLang } from '../i18n';
import { navigate } from '../lib/router';

export function JoinPage() {
  const { t, pick } = useLang();
  // the projected QR code carries the class code: #/join?code=ABC123
  const [joinCode, setJoinCode] = useState(
    () => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('code') ?? '',
  );
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // why the student is here again (their seat was removed, their session expired), said once
  const [notice] = useState(() => joinNotice.read());
  useEffect(() => joinNotice.clear(), []);

  // A student who already has a seat goes straight back to it (a reload, a closed tab).
  useEffect(() => {
    if (seatToken.get()) navigate('/lab');
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await api<JoinResponse>('/join', {
        body: { joinCode: joinCode.trim().toUpperCase(), displayName: displayName.trim() },
      });
      seatToken.set(response.token);
      navigate('/lab');
    } catch (caught) {
      setError(
        caught instanceof ApiError
          ? caught
          : new ApiError(0, 'UNKNOWN', { en: String(caught), zh: String(caught) }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page page--narrow">
      <h1>{t('join.title')}</h1>
      {notice && (
        <p className="notice" role="status" data-testid="join-notice">
          {pick(notice)}
        </p>
      )}
      <p className="lead">{t('join.lead')}</p>
      <form onSubmit={submit} className="card form">
        <label>
          {t('join.code')}
          <input
            name="joinCode"
            value={joinCode}
            onChange={(e) => setJoinCode(e.target.value)}
            autoComplete="off"
            required
            className="code-input"
            autoFocus
          />
        </label>
        <label>
          {t('join.name')}
          <input
            name="displayName"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            maxLength={40}
            required
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {pick(error.reason)}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('join.submit')}
        </button>
      </form>
      <p>
        <a href="#/teacher">{t('join.teacherLink')}</a>
      </p>
    </main>
  );
}
