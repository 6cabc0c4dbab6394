/**
 * The connection's variables as RFC 9293 3.3.1 names them, beside each endpoint: ISS, IRS, SND.UNA, SND.NXT,
 * SND.WND, RCV.NXT, RCV.WND and the timers running. They come from tcp-core's lab view, so they update with every
 * move (lab-protocol's tcbOf). A variable without a value yet (no IRS before a SYN arrived) reads "—"; a task
 * written before the windows were modelled leaves them out, and a note says so. Once a SYN has arrived, the options
 * negotiated on the SYNs follow: the MSS this endpoint may send and the window scale (RFC 9293 3.7.1, RFC 7323).
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
      {tcb.negotiated && (
        <dl className="tcb-options" aria-label={t('tcb.negotiated')} data-testid={`tcb-options-${role}`}>
          <div data-var="MSS">
            <dt>
              <abbr title={t('tcb.explain.sndMss')}>{t('tcb.mss')}</abbr>
            </dt>
            <dd>{tcb.negotiated.sndMss}</dd>
          </div>
          <div data-var="WSCALE">
            <dt>
              <abbr title={t('tcb.explain.wscale')}>{t('tcb.wscale')}</abbr>
            </dt>
            <dd>
              {tcb.negotiated.scaling
                ? t('tcb.scaling', { snd: tcb.negotiated.sndWscale, rcv: tcb.negotiated.rcvWscale })
                : t('tcb.noScaling')}
            </dd>
          </div>
        </dl>
      )}
      {missingWindow && <p className="muted small">{t('tcb.noWindow')}</p>}
    </section>
  );
}
