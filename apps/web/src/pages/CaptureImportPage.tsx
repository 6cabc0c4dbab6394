/**
 * The teacher's capture upload: a pcap or pcapng file goes to POST /api/captures/import; the answer shows the
 * capture's TCP connections (pick one when there are several), each packet with the state both sides are in
 * after it and, for any packet tcp-core's reference machine cannot explain, the reason. The lab script and the
 * stack-mode quiz script download as JSON. Nothing is stored by the upload.
 */
import { useState, type FormEvent } from 'react';
import {
  segmentLabel,
  type Bilingual,
  type CaptureConnection,
  type CaptureImport,
  type LabScript,
} from '@tcp-lab/tcp-core';
import { instructorToken } from '../api/session';
import { useLang } from '../i18n';

interface ImportAnswer {
  connections: CaptureConnection[];
  skipped: number;
  import: CaptureImport | null;
  quizScript: LabScript | null;
  error?: { code: string; message: Bilingual };
}

const jsonHref = (value: unknown) =>
  `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(value, null, 2))}`;

export async function uploadCapture(file: Blob, token: string | null, connection?: string) {
  const query = connection ? `?connection=${encodeURIComponent(connection)}` : '';
  const response = await fetch(`/api/captures/import${query}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/vnd.tcpdump.pcap',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: file,
  });
  const body = (await response.json().catch(() => null)) as
    (ImportAnswer & { error?: { code: string; message: Bilingual } }) | null;
  if (!response.ok || !body)
    return {
      error: body?.error?.message ?? {
        en: `The upload failed (${response.status}).`,
        zh: `上传失败（${response.status}）。`,
      },
    };
  return { answer: body };
}

export function CaptureImportPage() {
  const { t, pick } = useLang();
  const token = instructorToken.get();
  const [file, setFile] = useState<File | null>(null);
  const [connection, setConnection] = useState('');
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const [error, setError] = useState<Bilingual | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    const result = await uploadCapture(file, token, connection || undefined);
    setBusy(false);
    if (result.error) {
      setError(result.error);
      setAnswer(null);
      return;
    }
    setAnswer(result.answer);
    if (result.answer.error) setError(result.answer.error.message);
  };

  const imported = answer?.import ?? null;
  return (
    <main className="page page--wide">
      <div className="page-title-row">
        <h1>{t('capture.title')}</h1>
        <a href="#/teacher">{t('capture.back')}</a>
      </div>
      <p className="muted">{t('capture.intro')}</p>
      <form className="card form" onSubmit={submit} aria-label={t('capture.title')}>
        <label>
          {t('capture.file')}
          <input
            type="file"
            accept=".pcap,.pcapng,.cap"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setConnection('');
              setAnswer(null);
            }}
          />
        </label>
        {answer && answer.connections.length > 1 && (
          <label>
            {t('capture.connection')}
            <select value={connection} onChange={(event) => setConnection(event.target.value)}>
              <option value="">{t('capture.choose')}</option>
              {answer.connections.map((c) => (
                <option key={c.id} value={c.id} disabled={!c.opening}>
                  {c.id} ({t('capture.packets', { count: c.packets })})
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" className="primary" disabled={!file || busy}>
          {t('capture.import')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {pick(error)}
        </p>
      )}
      {imported && (
        <section className="card" aria-label={t('capture.result')}>
          <h2>{imported.connection.id}</h2>
          <p data-testid="capture-summary">
            {t('capture.summary', { count: imported.packets.length, flagged: imported.flagged })}
          </p>
          <p>
            <a href={jsonHref(imported.script)} download="capture-lab.json">
              {t('capture.downloadScript')}
            </a>{' '}
            {answer?.quizScript && (
              <a href={jsonHref(answer.quizScript)} download="capture-quiz.json">
                {t('capture.downloadQuiz')}
              </a>
            )}
          </p>
          <table className="capture-table">
            <thead>
              <tr>
                <th>{t('capture.frame')}</th>
                <th>{t('capture.time')}</th>
                <th>{t('capture.segment')}</th>
                <th>{t('role.client')}</th>
                <th>{t('role.server')}</th>
                <th>{t('capture.explanation')}</th>
              </tr>
            </thead>
            <tbody>
              {imported.packets.map((p) => (
                <tr
                  key={p.frame}
                  className={p.explanation === 'unexplained' ? 'capture-row--flagged' : undefined}
                  data-testid="capture-row"
                >
                  <td>{p.frame}</td>
                  <td>{p.at}</td>
                  <td>
                    {p.from === 'client' ? '→' : '←'} {segmentLabel(p.segment)}
                  </td>
                  <td>{p.after.client}</td>
                  <td>{p.after.server}</td>
                  <td>
                    {p.explanation === 'unexplained'
                      ? `⚠ ${t('capture.flagged')}`
                      : t(`capture.how.${p.explanation}`)}
                    {p.reason && <div className="small">{pick(p.reason)}</div>}
                    {p.notes.map((note, i) => (
                      <div key={i} className="small muted">
                        {pick(note)}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </main>
  );
}
