/**
 * The connection's variables as RFC 9293 3.3.1 names them, beside each endpoint: ISS, IRS, SND.UNA, SND.NXT,
 * SND.WND, RCV.NXT, RCV.WND and the timers running. They come from tcp-core's lab view, so they update with every
 * move (lab-protocol's tcbOf). A variable the model does not keep yet (the windows, until tcp-core has them) reads
 * "—" with a note.
 */
import type { Role } from '@tcp-lab/tcp-core';
import type { Tcb } from '@tcp-lab/lab-protocol';
import { useLang } from '../i18n';

type Value = number | null | undefined;

export function tcbRows(tcb: Tcb): { name: string; value: Value; key: string }[] {
  return [
    { name: 'ISS', key: 'iss', value: tcb.iss },
    { name: 'IRS', key: 'irs', value: tcb.irs },
    { name: 'SND.UNA', key: 'sndUna', value: tcb.sndUna },
    { name: 'SND.NXT', key: 'sndNxt', value: tcb.sndNxt },
    { name: 'SND.WND', key: 'sndWnd', value: tcb.sndWnd },
    { name: 'RCV.NXT', key: 'rcvNxt', value: tcb.rcvNxt },
    { name: 'RCV.WND', key: 'rcvWnd', value: tcb.rcvWnd },
  ];
}

/** `tcb`: tcp-core's endpoint through lab-protocol's tcbOf (a lab page), or what a quiz task sends. */
export function TcbPanel({ role, tcb, clock }: { role: Role; tcb: Tcb; clock: number }) {
  const { t } = useLang();
  const rows = tcbRows(tcb);
  const timers = (Object.entries(tcb.timers ?? {}) as [string, number | undefined][]).filter(
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
