/**
 * The connection's variables as RFC 9293 3.3.1 names them, beside each endpoint: ISS, IRS, SND.UNA, SND.NXT,
 * SND.WND, RCV.NXT, RCV.WND and the timers running. They come from tcp-core's lab view, so they update with every
 * move. A variable the model does not keep yet (the windows, until tcp-core has them) reads "—" with a note.
 */
import type { Endpoint, Role } from '@tcp-lab/tcp-core';
import { useLang } from '../i18n';

type Value = number | null | undefined;

/** the windows are read when tcp-core's endpoint carries them (RFC 9293 names, camel-cased) */
const windowOf = (endpoint: Endpoint, key: 'sndWnd' | 'rcvWnd'): Value =>
  (endpoint as unknown as Record<string, Value>)[key];

export function tcbRows(endpoint: Endpoint): { name: string; value: Value; key: string }[] {
  const known = endpoint.state !== 'CLOSED' && endpoint.state !== 'LISTEN';
  const synced = endpoint.irs !== null && endpoint.irs !== undefined;
  return [
    // the ISS is chosen when the endpoint opens; the student needs it before the first SYN
    { name: 'ISS', key: 'iss', value: endpoint.iss },
    { name: 'IRS', key: 'irs', value: synced ? endpoint.irs : null },
    { name: 'SND.UNA', key: 'sndUna', value: known ? endpoint.sndUna : null },
    { name: 'SND.NXT', key: 'sndNxt', value: known ? endpoint.sndNxt : null },
    { name: 'SND.WND', key: 'sndWnd', value: windowOf(endpoint, 'sndWnd') },
    { name: 'RCV.NXT', key: 'rcvNxt', value: synced ? endpoint.rcvNxt : null },
    { name: 'RCV.WND', key: 'rcvWnd', value: windowOf(endpoint, 'rcvWnd') },
  ];
}

export function TcbPanel({ role, endpoint, clock }: { role: Role; endpoint: Endpoint; clock: number }) {
  const { t } = useLang();
  const rows = tcbRows(endpoint);
  const timers = (Object.entries(endpoint.timers ?? {}) as [string, number | undefined][]).filter(
    ([, due]) => typeof due === 'number',
  ) as [string, number][];
  const missingWindow = rows.some((row) => row.key.endsWith('Wnd') && row.value === undefined);
  return (
    <section
      className={`tcb tcb--${role}`}
      data-testid={`tcb-${role}`}
      aria-label={t('tcb.title', { role: t(`role.${role}`) })}
    >
      <h3>{t('tcb.title', { role: t(`role.${role}`) })}</h3>
      <dl>
        {rows.map((row) => (
          <div key={row.key} data-var={row.name}>
            <dt>
              <abbr title={t(`tcb.explain.${row.key}`)}>{row.name}</abbr>
            </dt>
            <dd>{row.value === null || row.value === undefined ? '—' : row.value}</dd>
          </div>
        ))}
      </dl>
      <p className="tcb-timers">
        <strong>{t('tcb.timers')}:</strong>{' '}
        {timers.length === 0
          ? t('tcb.noTimer')
          : timers
              .map(
                ([name, due]) => `${t(`timer.${name}`)} (${t('tcb.left', { ms: Math.max(0, due - clock) })})`,
              )
              .join(', ')}
      </p>
      {missingWindow && <p className="muted small">{t('tcb.noWindow')}</p>}
    </section>
  );
}
