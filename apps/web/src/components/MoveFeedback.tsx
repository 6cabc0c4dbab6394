/** What the server said about the student's last move: immediate, explained, in the chosen language. */
import { TRANSITIONS, answerLabel, type TranscriptEntry } from '@tcp-lab/tcp-core';
import { useLang } from '../i18n';
import type { MoveAck } from '@tcp-lab/lab-protocol';
import { segmentText } from './ladderModel';
import { KernelComparison } from './LinuxBeside';

/**
 * A reason as a student reads it: tcp-core's mistake texts name the table row ("Rule closed--listen--listen
 * (RFC …)"), which is for logs and teachers' exports; the screen keeps the RFC section and the explanation.
 */
export function plainWords(text: string): string {
  return text
    .replace(/\bRule [a-z0-9_-]+--[a-z0-9_-]+ ?/g, '')
    .replace(/规则 ?[a-z0-9_-]+--[a-z0-9_-]+ ?/g, '');
}

function TransitionLines({ entry, explain }: { entry: TranscriptEntry; explain: boolean }) {
  const { t, pick } = useLang();
  if (!entry.transitions?.length) return <p className="muted">{t('feedback.noStateChange')}</p>;
  // "Deliver all" with retransmitted copies can take the same transition many times: say it once, with a count
  const lines: { tr: TranscriptEntry['transitions'][number]; count: number }[] = [];
  for (const tr of entry.transitions) {
    const same = lines.find(
      (line) =>
        line.tr.endpoint === tr.endpoint &&
        line.tr.from === tr.from &&
        line.tr.to === tr.to &&
        line.tr.ruleId === tr.ruleId,
    );
    if (same) same.count++;
    else lines.push({ tr, count: 1 });
  }
  return (
    <ul className="feedback-transitions">
      {lines.map(({ tr, count }, i) => {
        const rule = tr.ruleId ? TRANSITIONS.find((candidate) => candidate.id === tr.ruleId) : undefined;
        return (
          <li key={i}>
            <strong>
              {t(`role.${tr.endpoint}`)}: {tr.from} → {tr.to}
            </strong>
            {count > 1 && <span className="muted"> ({t('feedback.times', { count })})</span>}
            {rule?.when?.profile && (
              <span className="profile-tag" data-profile={rule.when.profile}>
                {' '}
                [{t('feedback.profileRule', { profile: t(`profileRule.${rule.when.profile}`) })}]
              </span>
            )}
            {rule && explain && (
              <>
                {' '}
                — {pick(rule.explain)} <span className="muted">({rule.rfc})</span>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function MoveFeedback({ ack }: { ack: MoveAck | null }) {
  const { t, pick } = useLang();
  if (!ack) return null;
  if (!ack.ok) {
    return (
      <div className="feedback feedback--rejected" role="alert" data-testid="feedback" data-code={ack.code}>
        <p>
          <strong>✕ {t('feedback.rejected')}</strong>
        </p>
        <p className="feedback-reason">{plainWords(pick(ack.reason))}</p>
      </div>
    );
  }
  const entry = ack.entry;
  const isAnswer = entry.correct !== undefined;
  const good = !isAnswer || entry.correct;
  return (
    <div
      className={`feedback ${good ? 'feedback--ok' : 'feedback--incorrect'}`}
      role="status"
      data-testid="feedback"
    >
      <p>
        <strong>
          {isAnswer
            ? entry.correct
              ? `✓ ${t('feedback.correct')}`
              : `✕ ${t('feedback.incorrect')}`
            : `✓ ${t('feedback.accepted')}`}
        </strong>
        {ack.duplicate && <span className="muted"> ({t('feedback.duplicate')})</span>}
      </p>
      {entry.mistake && (
        <p className="feedback-reason" data-code={entry.mistake.code}>
          {plainWords(pick(entry.mistake.reason))}
        </p>
      )}
      {isAnswer && !entry.correct && entry.expected && (
        <p>
          {t('feedback.expected')}: <code>{answerLabel(entry.expected, t('feedback.noSegment'))}</code>
        </p>
      )}
      <TransitionLines entry={entry} explain={!entry.mistake} />
      {entry.emitted?.length > 0 && (
        <p className="muted">
          {t('feedback.sent')}:{' '}
          {entry.emitted.map((segment) => `${t(`role.${segment.from}`)} ${segmentText(segment)}`).join('; ')}
        </p>
      )}
      <KernelComparison entry={entry} />
    </div>
  );
}
