/** One transcript entry explained: who did what, and what tcp-core said about it. */
import { moveInWords, summarizeMove, type TranscriptEntry } from '@tcp-lab/tcp-core';
import { MoveFeedback } from './MoveFeedback';
import { LinuxPeerChange, linuxPeerMoveOf } from './LinuxBeside';
import { useLang } from '../i18n';

export function ReplayEntry({ entry }: { entry: TranscriptEntry }) {
  const { t, pick } = useLang();
  const linuxPeer = linuxPeerMoveOf(entry);
  const ack = entry.ok
    ? { ok: true as const, duplicate: false, entry, lab: undefined as never }
    : { ok: false as const, code: entry.code ?? 'REJECTED', reason: entry.reason ?? { en: '', zh: '' } };
  return (
    <div className="replay-entry card">
      <p>
        <strong>#{entry.step}</strong>{' '}
        {t(`actor.${String(entry.actor)}`, { defaultValue: String(entry.actor) })} ·{' '}
        {/* plain words for the student; the transcript's compact form (what the CLI prints) on hover */}
        <span title={summarizeMove(entry.move)} data-testid="replay-move">
          {pick(moveInWords(entry.move))}
        </span>{' '}
        · {t('moves.clock')} {t('replay.atMs', { ms: entry.clock })}
      </p>
      <MoveFeedback ack={ack} />
      {linuxPeer && (
        <p className="notice" data-testid="replay-linux-peer">
          <LinuxPeerChange move={linuxPeer} />
        </p>
      )}
    </div>
  );
}
