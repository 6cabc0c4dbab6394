/**
 * Linux beside tcp-core, in words: what the real Linux kernel did for one entry next to what tcp-core predicted
 * (move feedback and the replay), and a `linux-peer` control entry said as a sentence (Linux starts or stops
 * playing a side, and why, when nobody asked: a restart).
 */
import { isControlMove, type Bilingual, type ControlMove, type TranscriptEntry } from '@tcp-lab/tcp-core';
import { useLang } from '../i18n';
import { ensureLinuxPeerTexts } from '../i18n/linux-peer';
import { wireText } from './ladderModel';
import { kernelOf, type KernelMove } from './LinuxPeer';
import './linux-peer.css';

/** "✓ Linux agreed with tcp-core": Linux's segments and state, then tcp-core's, then each difference. */
export function KernelComparison({ entry }: { entry: TranscriptEntry }) {
  ensureLinuxPeerTexts();
  const { t, pick } = useLang();
  const kernel: KernelMove | undefined = kernelOf(entry);
  if (!kernel) return null;
  const sent = (segments: KernelMove['linux']['sent']) =>
    segments.length ? segments.map(wireText).join('; ') : t('linuxPeer.sentNothing');
  return (
    <div
      className={`kernel-compare ${kernel.agreed ? 'kernel-compare--agreed' : 'kernel-compare--differs'}`}
      data-testid="kernel-compare"
      data-agreed={kernel.agreed}
    >
      <p>
        <strong>{kernel.agreed ? t('linuxPeer.feedbackAgreed') : t('linuxPeer.feedbackDiffers')}</strong>{' '}
        <span className="muted">({t('linuxPeer.feedbackTitle')})</span>
      </p>
      <dl className="kernel-compare-sides">
        <dt>{t('linuxPeer.feedbackSent', { role: t(`role.${kernel.role}`) })}</dt>
        <dd data-testid="kernel-compare-linux">
          <code>{sent(kernel.linux.sent)}</code> · {t('linuxPeer.feedbackState')}{' '}
          <code>{kernel.linux.state}</code>
        </dd>
        <dt>{t('linuxPeer.feedbackPredicted')}</dt>
        <dd data-testid="kernel-compare-predicted">
          <code>{sent(kernel.predicted.sent)}</code> · {t('linuxPeer.feedbackState')}{' '}
          <code>{kernel.predicted.state}</code>
        </dd>
      </dl>
      {kernel.differences.length > 0 && (
        <ul className="kernel-compare-differences">
          {kernel.differences.map((difference, i) => (
            <li key={i}>
              {difference.allowedBy ? '✓ ' : '≠ '}
              {pick(difference.what)}
              {difference.allowedBy ? ` (${t('linuxPeer.allowedBy')})` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

type LinuxPeerMove = Extract<ControlMove, { action: 'linux-peer' }>;

/** The entry's `linux-peer` control, if it is one. */
export const linuxPeerMoveOf = (entry: TranscriptEntry): LinuxPeerMove | null =>
  isControlMove(entry.move) && entry.move.action === 'linux-peer' ? entry.move : null;

/**
 * "From here the real Linux kernel plays the server." / "Linux no longer plays; …", or, when nobody asked for the
 * change (a restart), the server's reason, which names the side.
 */
export function LinuxPeerChange({ move }: { move: LinuxPeerMove }) {
  ensureLinuxPeerTexts();
  const { t, pick } = useLang();
  if (move.role) return <>{t('linuxPeer.controlOn', { role: t(`role.${move.role}`) })}</>;
  return <>{move.reason ? pick(move.reason as Bilingual) : t('linuxPeer.controlOffPlain')}</>;
}
