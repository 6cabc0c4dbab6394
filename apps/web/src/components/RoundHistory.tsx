/**
 * Every round of a lab, each replayable and downloadable. The server serves any round (`?round=N`); the files
 * are named by class, lab, round and date so a teacher's downloads folder sorts itself:
 * `networks-101_lab-3f2a9c_round-2_2026-12-01.json`.
 */
import { useLang } from '../i18n';

export function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'class'
  );
}

export function roundFileName(
  classroomName: string,
  labId: string,
  round: number,
  extension: 'json' | 'csv',
  date = new Date(),
): string {
  return `${slug(classroomName)}_lab-${labId.slice(0, 6)}_round-${round}_${date.toISOString().slice(0, 10)}.${extension}`;
}

export function RoundHistory({
  labId,
  rounds,
  classroomName,
  token,
}: {
  labId: string;
  rounds: number;
  classroomName: string;
  token: string | null;
}) {
  const { t } = useLang();
  const query = (round: number) => `?round=${round}${token ? `&token=${encodeURIComponent(token)}` : ''}`;
  const list = Array.from({ length: rounds }, (_, i) => rounds - i);
  return (
    <section className="card round-history" aria-label={t('rounds.title')} data-testid="round-history">
      <h2>{t('rounds.title')}</h2>
      <ul>
        {list.map((round) => (
          <li key={round} data-round={round}>
            <strong>{t('rounds.round', { n: round })}</strong>
            {round === rounds ? ` ${t('rounds.current')}` : ''} ·{' '}
            <a
              href={`#/teacher/lab/${labId}/replay?round=${round}`}
              aria-label={`${t('rounds.replay')}: ${t('rounds.round', { n: round })}`}
            >
              {t('rounds.replay')}
            </a>{' '}
            ·{' '}
            <a
              href={`/api/labs/${labId}/transcript.json${query(round)}`}
              download={roundFileName(classroomName, labId, round, 'json')}
              aria-label={t('rounds.file', { what: t('rounds.json'), n: round })}
            >
              {t('rounds.json')}
            </a>{' '}
            ·{' '}
            <a
              href={`/api/labs/${labId}/transcript.csv${query(round)}`}
              download={roundFileName(classroomName, labId, round, 'csv')}
              aria-label={t('rounds.file', { what: t('rounds.csv'), n: round })}
            >
              {t('rounds.csv')}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
