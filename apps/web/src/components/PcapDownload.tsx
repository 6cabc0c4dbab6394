/**
 * Download links for a lab round as a pcapng capture (GET /api/labs/:id/transcript.pcapng), IPv4 or IPv6,
 * for Wireshark. A round picker appears once the lab has had more than one round. The token rides in the query
 * so that a plain link works (the server accepts it there for transcript downloads only).
 */
import { useState } from 'react';
import { useLang } from '../i18n';

export function pcapHref(labId: string, token: string | null, round: number, family: 4 | 6): string {
  const query = new URLSearchParams({ round: String(round) });
  if (family === 6) query.set('family', '6');
  if (token) query.set('token', token);
  return `/api/labs/${encodeURIComponent(labId)}/transcript.pcapng?${query.toString()}`;
}

export function PcapDownload({
  labId,
  token,
  rounds,
}: {
  labId: string;
  token: string | null;
  /** the lab's current round: rounds 1..rounds can be downloaded */
  rounds: number;
}) {
  const { t } = useLang();
  const [round, setRound] = useState(rounds);
  const chosen = Math.min(round, rounds);
  return (
    <span className="pcap-download" data-testid="pcap-download">
      {rounds > 1 && (
        <label>
          {t('pcap.round')}{' '}
          <select value={chosen} onChange={(event) => setRound(Number(event.target.value))}>
            {Array.from({ length: rounds }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      )}
      <a href={pcapHref(labId, token, chosen, 4)} download title={t('pcap.hint')}>
        {t('pcap.download')}
      </a>
      <a href={pcapHref(labId, token, chosen, 6)} download title={t('pcap.hint')}>
        {t('pcap.downloadV6')}
      </a>
    </span>
  );
}
