/**
 * The student's controls for their own endpoint: the socket calls (always clickable, so an illegal call earns an
 * explained rejection instead of a hidden button), the stack-mode answer composer, the network (manual mode) and
 * the lab clock. Every click becomes one tcp-core Move handed to `onMove`; the ack is shown as feedback.
 */
import { useEffect, useRef, useState } from 'react';
import {
  FLAGS,
  STATES,
  type Answer,
  type Bilingual,
  type Endpoint,
  type Flag,
  type Lab,
  type Move,
  type Role,
  type Segment,
  type State,
} from '@tcp-lab/tcp-core';
import { useLang } from '../i18n';
import type { MoveAck } from '@tcp-lab/lab-protocol';
import { ClockStatus } from './ClockPace';
import { MoveFeedback } from './MoveFeedback';
import { segmentText } from './ladderModel';

export interface MovePanelProps {
  lab: Lab;
  role: Role;
  onMove: (move: Move) => Promise<MoveAck>;
  /** when set, moves are disabled and this text says why (e.g. the lab is paused) */
  blockedReason?: string | null;
  /** the lab clock's pace (LabSummary.clockRate): 0 = it moves only when a timer is let fire */
  clockRate?: number;
}

interface DraftSegment {
  flags: Flag[];
  seq: string;
  ack: string;
  len: string;
}

const emptySegment = (): DraftSegment => ({ flags: [], seq: '', ack: '', len: '0' });
const toNumber = (text: string) => (text.trim() === '' ? 0 : Number(text));

export function draftToSegment(draft: DraftSegment): Segment {
  const segment: Segment = {
    flags: FLAGS.filter((flag) => draft.flags.includes(flag)),
    seq: toNumber(draft.seq),
    len: toNumber(draft.len),
  };
  if (draft.flags.includes('ACK')) segment.ack = toNumber(draft.ack);
  return segment;
}

export function MovePanel({ lab, role, onMove, blockedReason, clockRate }: MovePanelProps) {
  const { t } = useLang();
  const [ack, setAck] = useState<MoveAck | null>(null);
  const busy = useRef(false);
  const feedbackRef = useRef<HTMLDivElement>(null);
  const [bytes, setBytes] = useState('100');
  /** empty: read everything that waits */
  const [readBytes, setReadBytes] = useState('');
  const [advance, setAdvance] = useState('1000');
  // Buttons are not disabled while a move travels: a disabled button loses the keyboard focus to the page body.
  const disabled = Boolean(blockedReason);
  const endpoint = lab[role];
  const pending = lab.pending?.[role] ?? null;
  const stack = lab.settings.mode === 'stack';
  // The button pressed may be gone after the move (a delivered segment leaves the list) and the focus with it:
  // for a moment after each move, a focus that fell to the page body lands on the feedback instead, which is
  // also where the answer to the move is.
  const watchFocusUntil = useRef(0);
  useEffect(() => {
    if (Date.now() > watchFocusUntil.current) return;
    const active = document.activeElement;
    if (!active || active === document.body) feedbackRef.current?.focus();
  }, [ack, lab]);

  const submit = async (move: Move) => {
    if (busy.current)
      return {
        ok: false,
        code: 'BUSY',
        reason: { en: 'One move at a time.', zh: '一次只能做一步。' },
      } as MoveAck;
    busy.current = true;
    try {
      const result = await onMove(move);
      setAck(result);
      watchFocusUntil.current = Date.now() + 2000;
      return result;
    } finally {
      busy.current = false;
    }
  };

  const call = (name: 'listen' | 'connect' | 'close' | 'abort' | 'shutdown') => () =>
    submit({ by: role, call: name });
  // read only matters when data waits for the application (appReads 'call'); with 'auto' it reads at once
  const reads = lab.settings.appReads === 'call';
  const readAmount = readBytes.trim() === '' ? undefined : Math.max(1, Math.floor(toNumber(readBytes)));

  const timers = (['client', 'server'] as Role[]).flatMap((owner) =>
    (Object.entries(lab[owner].timers ?? {}) as [string, number | undefined][])
      .filter(([, due]) => typeof due === 'number')
      .map(([name, due]) => ({ owner, name, due: due as number })),
  );

  return (
    <section className="move-panel" aria-label={t('moves.title')}>
      {blockedReason && <p className="notice">{blockedReason}</p>}
      <div
        ref={feedbackRef}
        tabIndex={-1}
        className="feedback-slot"
        role="group"
        aria-label={t('feedback.title')}
      >
        <MoveFeedback ack={ack} />
      </div>

      <fieldset className="move-group">
        <legend>
          {t('moves.calls')} — {t(`role.${role}`)} <span className="state-chip">{endpoint.state}</span>
        </legend>
        <div className="button-row">
          <button type="button" onClick={call('listen')} disabled={disabled}>
            listen()
          </button>
          <button type="button" onClick={call('connect')} disabled={disabled}>
            connect()
          </button>
          <span className="send-call">
            <button
              type="button"
              onClick={() =>
                submit({ by: role, call: 'send', bytes: Math.max(1, Math.floor(toNumber(bytes))) })
              }
              disabled={disabled}
            >
              send({bytes || 0})
            </button>
            <label>
              <span className="visually-hidden">{t('moves.bytes')}</span>
              <input
                type="number"
                min={1}
                value={bytes}
                onChange={(e) => setBytes(e.target.value)}
                aria-label={t('moves.bytes')}
              />
            </label>
          </span>
          {reads && (
            <span className="send-call">
              <button
                type="button"
                onClick={() =>
                  submit(
                    readAmount === undefined
                      ? { by: role, call: 'read' }
                      : { by: role, call: 'read', bytes: readAmount },
                  )
                }
                disabled={disabled}
              >
                read({readAmount ?? ''})
              </button>
              <label>
                <span className="visually-hidden">{t('moves.readBytes')}</span>
                <input
                  type="number"
                  min={1}
                  value={readBytes}
                  placeholder={t('moves.readAll')}
                  onChange={(e) => setReadBytes(e.target.value)}
                  aria-label={t('moves.readBytes')}
                />
              </label>
            </span>
          )}
          <button type="button" onClick={call('shutdown')} disabled={disabled}>
            shutdown()
          </button>
          <button type="button" onClick={call('close')} disabled={disabled}>
            close()
          </button>
          <button type="button" onClick={call('abort')} disabled={disabled} className="danger">
            abort()
          </button>
        </div>
        {reads && (
          <p className="muted small" data-testid="unread">
            {t('moves.unread', { count: endpoint.rcvBuffered ?? 0 })}
          </p>
        )}
        <p className="muted small">{t('moves.callsHint')}</p>
        <p className="muted small">{t('moves.shutdownHint')}</p>
      </fieldset>

      {stack && (
        <AnswerComposer
          tcb={endpoint}
          pending={pending}
          disabled={disabled}
          onAnswer={async (answer) => (await submit({ by: role, answer })).ok}
        />
      )}

      {lab.settings.network === 'manual' && (
        <fieldset className="move-group network">
          <legend>{t('moves.network')}</legend>
          {lab.inFlight.length === 0 ? (
            <p className="muted">{t('moves.nothingInFlight')}</p>
          ) : (
            <ul className="in-flight">
              {lab.inFlight.map((segment) => {
                // the move names the segment by its id: the one clicked, whatever arrived or left since
                const on = (action: 'deliver' | 'drop' | 'duplicate') => () =>
                  submit({ by: 'network', action, id: segment.id });
                const what = t('moves.segmentName', {
                  id: segment.id,
                  segment: segmentText(segment),
                  from: t(`role.${segment.from}`),
                });
                return (
                  <li key={segment.id} data-segment-id={segment.id}>
                    <span className="segment-desc">
                      <span className="segment-id">#{segment.id}</span> {t(`role.${segment.from}`)} →{' '}
                      {t(`role.${segment.from === 'client' ? 'server' : 'client'}`)}:{' '}
                      <code>{segmentText(segment)}</code>
                      {segment.retransmission ? ` [${t('ladder.retransmission')}]` : ''}
                      {segment.duplicateOf !== undefined
                        ? ` [${t('ladder.duplicate', { id: segment.duplicateOf })}]`
                        : ''}
                      {segment.holdUntil !== undefined && segment.holdUntil > lab.clock
                        ? ` [${t('moves.heldUntil', { at: segment.holdUntil })}]`
                        : ''}
                    </span>
                    <span className="button-row">
                      <button
                        type="button"
                        disabled={disabled}
                        onClick={on('deliver')}
                        aria-label={`${t('moves.deliver')} ${what}`}
                      >
                        {t('moves.deliver')}
                      </button>
                      <button
                        type="button"
                        disabled={disabled}
                        onClick={on('drop')}
                        aria-label={`${t('moves.drop')} ${what}`}
                      >
                        {t('moves.drop')}
                      </button>
                      <button
                        type="button"
                        disabled={disabled}
                        onClick={on('duplicate')}
                        aria-label={`${t('moves.duplicate')} ${what}`}
                      >
                        {t('moves.duplicate')}
                      </button>
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
          <button
            type="button"
            disabled={disabled || lab.inFlight.length === 0}
            onClick={() => submit({ by: 'network', action: 'deliver-all' })}
          >
            {t('moves.deliverAll')}
          </button>
        </fieldset>
      )}

      <fieldset className="move-group clock">
        <legend>
          {t('moves.clock')}: <span data-testid="lab-clock">{t('moves.clockAt', { ms: lab.clock })}</span>
        </legend>
        {timers.length === 0 ? (
          <p className="muted">{t('moves.noTimers')}</p>
        ) : (
          <ul className="timers">
            {timers.map(({ owner, name, due }) => (
              <li key={`${owner}-${name}`}>
                {t(`role.${owner}`)} · {t(`timer.${name}`)}:{' '}
                {t('moves.dueAt', { due, left: Math.max(0, due - lab.clock) })}{' '}
                <button
                  type="button"
                  disabled={disabled}
                  onClick={() => submit({ by: 'clock', advance: Math.max(0, due - lab.clock) })}
                  aria-label={`${t('moves.letFire')}: ${t(`role.${owner}`)} · ${t(`timer.${name}`)}`}
                >
                  {t('moves.letFire')}
                </button>
              </li>
            ))}
          </ul>
        )}
        {clockRate !== undefined && <ClockStatus clockRate={clockRate} />}
        <div className="button-row">
          <label>
            {t('moves.advanceBy')}{' '}
            <input
              type="number"
              min={0}
              value={advance}
              onChange={(e) => setAdvance(e.target.value)}
              aria-label={t('moves.advanceByMs')}
            />{' '}
            {t('moves.ms')}
          </label>
          <button
            type="button"
            disabled={disabled}
            onClick={() => submit({ by: 'clock', advance: Math.max(0, Math.floor(toNumber(advance))) })}
          >
            {t('moves.advance')}
          </button>
        </div>
      </fieldset>
    </section>
  );
}

export interface AnswerComposerProps {
  /** the student's own endpoint: its variables are offered for seq and ack (the student still decides) */
  tcb?: OfferedVariables;
  /** the event the endpoint must answer (its description only), or null */
  pending: { event: Bilingual } | null;
  disabled?: boolean;
  /** sends the answer; resolves true when it was accepted (the drafts are then cleared) */
  onAnswer: (answer: Answer) => Promise<boolean>;
}

/** The stack-mode answer composer: the next state and the segments to send. Also used by the quiz screen. */
export function AnswerComposer({ tcb, pending, disabled = false, onAnswer }: AnswerComposerProps) {
  const { t, pick } = useLang();
  const listId = useRef(`tcb-${Math.random().toString(36).slice(2, 8)}`).current;
  const offers = tcb ? tcbOffers(tcb) : [];
  const [answerState, setAnswerState] = useState<State | ''>('');
  const [drafts, setDrafts] = useState<DraftSegment[]>([]);
  const updateDraft = (index: number, change: Partial<DraftSegment>) =>
    setDrafts((all) => all.map((draft, i) => (i === index ? { ...draft, ...change } : draft)));
  const toggleFlag = (index: number, flag: Flag) =>
    setDrafts((all) =>
      all.map((draft, i) =>
        i === index
          ? {
              ...draft,
              flags: draft.flags.includes(flag)
                ? draft.flags.filter((f) => f !== flag)
                : [...draft.flags, flag],
            }
          : draft,
      ),
    );
  const submit = async () => {
    if (await onAnswer({ state: answerState as State, send: drafts.map(draftToSegment) })) {
      setDrafts([]);
      setAnswerState('');
    }
  };

  return (
    <fieldset className="move-group stack-composer">
      <legend>{t('moves.stack')}</legend>
      <p className="pending-event" data-testid="pending-event">
        {pending ? (
          <>
            <strong>{t('moves.pending')}:</strong> {pick(pending.event)}
          </>
        ) : (
          t('moves.nothingPending')
        )}
      </p>
      <label>
        {t('moves.nextState')}{' '}
        <select
          value={answerState}
          onChange={(e) => setAnswerState(e.target.value as State)}
          aria-label={t('moves.nextState')}
        >
          <option value="">—</option>
          {STATES.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </select>
      </label>
      {drafts.map((draft, index) => (
        <div
          key={index}
          className="draft-segment"
          role="group"
          aria-label={t('moves.segmentN', { n: index + 1 })}
        >
          <span className="draft-title">{t('moves.segmentN', { n: index + 1 })}</span>
          {FLAGS.map((flag) => (
            <label key={flag} className="flag">
              <input
                type="checkbox"
                checked={draft.flags.includes(flag)}
                onChange={() => toggleFlag(index, flag)}
              />{' '}
              {flag}
            </label>
          ))}
          <label>
            seq{' '}
            <input
              type="number"
              min={0}
              value={draft.seq}
              className="wide-number"
              onChange={(e) => updateDraft(index, { seq: e.target.value })}
              aria-label={t('moves.fieldN', { field: 'seq', n: index + 1 })}
              list={offers.length ? listId : undefined}
            />
          </label>
          <label>
            ack{' '}
            <input
              type="number"
              min={0}
              value={draft.ack}
              disabled={!draft.flags.includes('ACK')}
              className="wide-number"
              onChange={(e) => updateDraft(index, { ack: e.target.value })}
              aria-label={t('moves.fieldN', { field: 'ack', n: index + 1 })}
              list={offers.length ? listId : undefined}
            />
          </label>
          <label>
            len{' '}
            <input
              type="number"
              min={0}
              value={draft.len}
              onChange={(e) => updateDraft(index, { len: e.target.value })}
              aria-label={t('moves.fieldN', { field: 'len', n: index + 1 })}
            />
          </label>
          <button
            type="button"
            onClick={() => setDrafts((all) => all.filter((_, i) => i !== index))}
            aria-label={`${t('moves.removeSegment')}: ${t('moves.segmentN', { n: index + 1 })}`}
          >
            {t('moves.removeSegment')}
          </button>
          {offers.length > 0 && (
            <span className="tcb-offers">
              {offers.map((offer) => (
                <button
                  key={offer.name}
                  type="button"
                  className="chip"
                  onClick={() => updateDraft(index, { [offer.field]: String(offer.value) })}
                  // the accessible name starts with the visible text (WCAG 2.5.3) and names the segment
                  aria-label={`${offer.field} ← ${offer.name} (${offer.value}) · ${t('moves.segmentN', { n: index + 1 })}`}
                  title={t('moves.useVariable', {
                    name: offer.name,
                    value: offer.value,
                    field: offer.field,
                    n: index + 1,
                  })}
                >
                  {offer.field} ← {offer.name} ({offer.value})
                </button>
              ))}
            </span>
          )}
        </div>
      ))}
      {offers.length > 0 && (
        <datalist id={listId}>
          {offers.map((offer) => (
            <option key={offer.name} value={offer.value} label={offer.name} />
          ))}
        </datalist>
      )}
      <div className="button-row">
        <button type="button" onClick={() => setDrafts((all) => [...all, emptySegment()])}>
          + {t('moves.addSegment')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={disabled || !answerState}
          onClick={() => void submit()}
        >
          {t('moves.submitAnswer')}
        </button>
      </div>
    </fieldset>
  );
}

/** What the composer offers from: a lab's endpoint, or a quiz task's TCB (lab-protocol Tcb). */
type OfferedVariables = Pick<Endpoint, 'iss'> & {
  sndNxt: number | null;
  irs: number | null | undefined;
  rcvNxt: number | null;
};

/**
 * The variables a stack-mode student builds seq and ack from (RFC 9293 3.3.1): sequence numbers come from the
 * send side, acknowledgments from the receive side. Offered, never filled in by themselves.
 */
export function tcbOffers(tcb: OfferedVariables): { name: string; value: number; field: 'seq' | 'ack' }[] {
  const offers: { name: string; value: number; field: 'seq' | 'ack' }[] = [
    { name: 'ISS', value: tcb.iss, field: 'seq' },
  ];
  if (tcb.sndNxt !== null) offers.push({ name: 'SND.NXT', value: tcb.sndNxt, field: 'seq' });
  if (tcb.irs !== null && tcb.irs !== undefined && tcb.rcvNxt !== null)
    offers.push({ name: 'RCV.NXT', value: tcb.rcvNxt, field: 'ack' });
  return offers;
}
