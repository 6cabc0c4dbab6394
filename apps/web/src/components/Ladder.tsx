/**
 * Ladder (time-sequence) diagram: time runs down between the client and server lifelines; every segment is an
 * arrow labelled with flags, seq, ack, len and the window (win=), with a SYN's options (MSS, window scale) on a
 * second line under the arrow. In-flight segments are dashed and unfinished, dropped ones end in
 * a cross mid-way, duplicates and retransmissions are tagged, and state changes are written on the lifelines.
 * Where the real Linux kernel plays a side (entry.kernel), its segments are tagged "Linux" with tcp-core's
 * prediction under them, and its rows say its state beside tcp-core's; a difference is flagged with ≠ and words.
 */
import { useMemo } from 'react';
import { ruleById, type Role, type State, type TranscriptEntry } from '@tcp-lab/tcp-core';
import { useLang } from '../i18n';
import { ensureLinuxPeerTexts } from '../i18n/linux-peer';
import './linux-peer.css';
import {
  buildLadder,
  optionsText,
  segmentText,
  windowText,
  type LadderRow,
  type LadderSegment,
  type LinuxSegmentMark,
} from './ladderModel';
import { ruleLabel } from './diagramLayout';

const WIDTH = 940;
const HEADER = 56;
const UNIT = 54;
const LINE_X: Record<Role, number> = { client: 360, server: 800 };
const PILL = 124;
/** state pills sit outside the lifelines, so arrows and their labels never run under them */
const PILL_X: Record<Role, number> = { client: LINE_X.client - 8 - PILL, server: LINE_X.server + 8 };
const other = (role: Role): Role => (role === 'client' ? 'server' : 'client');
/** each lifeline's title has this much room (centred on the line, inside the view box); a longer name is cut */
const TITLE_WIDTH = 280;

export interface LadderProps {
  entries: readonly TranscriptEntry[];
  states?: { client: State; server: State };
  names?: { client?: string; server?: string };
  /** highlight rows up to (and including) this index; later rows are not shown (replay) */
  upTo?: number;
  /** 'projector': larger type for the back of a room */
  size?: 'normal' | 'projector';
}

export function Ladder({ entries, states, names, upTo, size = 'normal' }: LadderProps) {
  ensureLinuxPeerTexts();
  const { t, lang } = useLang();
  const shown = useMemo(() => (upTo === undefined ? entries : entries.slice(0, upTo)), [entries, upTo]);
  const model = useMemo(() => buildLadder(shown), [shown]);
  const y = (units: number) => HEADER + units * UNIT;
  const height = y(model.bottom) + 24;
  // a side nobody's seat plays may be the real Linux kernel's
  const nameOf = (role: Role) =>
    names?.[role] ?? (model.linuxPlays === role ? t('linuxPeer.linuxOnLadder') : undefined);

  return (
    <div className={`ladder ladder--${size}`} data-testid="ladder">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={t('ladder.title')}>
        <defs>
          <marker
            id="ladder-head"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor" />
          </marker>
        </defs>
        {(['client', 'server'] as Role[]).map((role) => (
          <g key={role} className={`lifeline lifeline--${role}`}>
            {/* HTML inside the SVG so that a long name ends in an ellipsis (CSS), with the whole name as its title */}
            <foreignObject x={LINE_X[role] - TITLE_WIDTH / 2} y={0} width={TITLE_WIDTH} height={30}>
              <div
                className="lifeline-title"
                data-testid={`lifeline-title-${role}`}
                title={`${t(`role.${role}`)}${nameOf(role) ? ` · ${nameOf(role)}` : ''}`}
              >
                {t(`role.${role}`)}
                {nameOf(role) ? ` · ${nameOf(role)}` : ''}
              </div>
            </foreignObject>
            {states && (
              <text x={LINE_X[role]} y={40} textAnchor="middle" className="lifeline-state">
                {states[role]}
              </text>
            )}
            <line x1={LINE_X[role]} x2={LINE_X[role]} y1={HEADER - 6} y2={height - 10} />
          </g>
        ))}
        <line className="ladder-now" x1={200} x2={WIDTH - 20} y1={y(model.bottom)} y2={y(model.bottom)} />
        {model.rows.map((row) => (
          <g
            key={row.step}
            className={`ladder-row ${row.ok ? '' : 'ladder-row--rejected'} ${row.wrongAnswer ? 'ladder-row--wrong' : ''}`}
            data-step={row.step}
          >
            <text x={6} y={y(row.top) + 14} className="ladder-note">
              #{row.step} {t(`actor.${row.actor}`, { defaultValue: row.actor })}:{' '}
              {row.network
                ? t(`ladder.network.${row.network}`, { defaultValue: row.note })
                : row.advance !== undefined
                  ? t('ladder.clock', { ms: row.advance })
                  : row.note}
              {row.ok ? '' : ` ✕`}
              {row.wrongAnswer ? ` ✕ ${t('ladder.wrongAnswer')}` : ''}
            </text>
            {row.timers.map((timer, i) => (
              <text key={i} x={6} y={y(row.top) + 30 + i * 14} className="ladder-timer">
                {t('ladder.timerFired', {
                  timer: t(`timer.${timer.timer}`),
                  endpoint: t(`role.${timer.endpoint}`),
                })}
              </text>
            ))}
            {/* where the profiles differ: whose rule this row followed */}
            {row.profileRules.map((applied, i) => (
              <text
                key={applied.ruleId}
                x={6}
                y={y(row.top) + 30 + (row.timers.length + i) * 14}
                className={`ladder-profile ladder-profile--${applied.profile}`}
                data-testid="ladder-profile-rule"
                data-rule-id={applied.ruleId}
              >
                {t('ladder.profileRule', {
                  profile: t(`profileRule.${applied.profile}`),
                  rule: ruleLabel(ruleById(applied.ruleId)!, lang, { tagged: false }),
                })}
              </text>
            ))}
            {row.linux && (
              <LinuxRowLines
                row={row}
                y={y(row.top) + 30 + (row.timers.length + row.profileRules.length) * 14}
              />
            )}
            {(Object.entries(row.states) as [Role, State][]).map(([role, state]) => (
              <g key={role} className="ladder-state" data-role={role}>
                <rect x={PILL_X[role]} y={y(row.top + row.span) - 20} width={PILL} height={18} rx={9} />
                <text x={PILL_X[role] + PILL / 2} y={y(row.top + row.span) - 7} textAnchor="middle">
                  {state}
                </text>
              </g>
            ))}
          </g>
        ))}
        {model.segments.map((segment) => (
          <SegmentArrow key={segment.id} segment={segment} y={y} now={model.bottom} />
        ))}
      </svg>
    </div>
  );
}

function SegmentArrow({
  segment,
  y,
  now,
}: {
  segment: LadderSegment;
  y: (u: number) => number;
  now: number;
}) {
  const { t } = useLang();
  const x1 = LINE_X[segment.from];
  const xTo = LINE_X[other(segment.from)];
  const y1 = y(segment.start);
  let x2: number;
  let y2: number;
  if (segment.fate === 'delivered' || segment.fate === 'ignored') {
    x2 = xTo;
    y2 = y(segment.end ?? now);
  } else if (segment.fate === 'dropped') {
    x2 = x1 + (xTo - x1) * 0.5;
    y2 = y1 + (y(segment.end ?? now) - y1) * 0.5 + 14;
  } else {
    // still on its way: a dashed stub towards the receiver, never steeper than 1.6 rows, so that the labels of
    // several segments waiting in flight (with win= and options they are long) stay apart and readable
    x2 = x1 + (xTo - x1) * 0.55;
    y2 = Math.min(Math.max(y(now) - 4, y1 + UNIT * 0.8), y1 + UNIT * 1.6);
  }
  const angle = (Math.atan2(y2 - y1, x2 - x1) * 180) / Math.PI;
  const flip = angle > 90 || angle < -90;
  const mx = (x1 + x2) / 2;
  const my = (y1 + y2) / 2;
  const tags = [
    segment.retransmission ? t('ladder.retransmission') : '',
    segment.duplicateOf !== undefined ? t('ladder.duplicate', { id: segment.duplicateOf }) : '',
    segment.injected ? t('ladder.injected') : '',
    segment.fate === 'in-flight' ? t('ladder.inFlight') : '',
    segment.fate === 'dropped' ? t('ladder.dropped') : '',
    segment.fate === 'ignored' ? t('ladder.ignored') : '',
  ].filter(Boolean);
  // Linux's segment says so first
  if (segment.linux) tags.unshift(t('linuxPeer.linuxOnLadder'));
  const classes = [
    'segment',
    `segment--${segment.fate}`,
    `segment--from-${segment.from}`,
    segment.retransmission ? 'segment--retransmission' : '',
    segment.duplicateOf !== undefined ? 'segment--duplicate' : '',
    segment.linux ? 'segment--linux' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const label = [`#${segment.id}`, segmentText(segment), windowText(segment)].filter(Boolean).join(' ');
  const options = optionsText(segment);
  const optionsLabel = options ? t('ladder.options', { list: options }) : '';
  const rotate = `rotate(${flip ? angle + 180 : angle} ${mx} ${my})`;
  const linuxLabel = segment.linux ? linuxSegmentText(segment.linux, t) : '';
  return (
    <g className={classes} data-segment-id={segment.id} data-fate={segment.fate}>
      <title>{`${label}${optionsLabel ? `; ${optionsLabel}` : ''}${tags.length ? ` (${tags.join(', ')})` : ''}${linuxLabel ? `; ${linuxLabel}` : ''}`}</title>
      <line
        x1={x1}
        y1={y1}
        x2={x2}
        y2={y2}
        markerEnd={segment.fate === 'dropped' ? undefined : 'url(#ladder-head)'}
      />
      {segment.fate === 'dropped' && (
        <g className="segment-cross" aria-label={t('ladder.dropped')}>
          <line x1={x2 - 9} y1={y2 - 9} x2={x2 + 9} y2={y2 + 9} />
          <line x1={x2 - 9} y1={y2 + 9} x2={x2 + 9} y2={y2 - 9} />
        </g>
      )}
      <text className="segment-label" x={mx} y={my - 6} textAnchor="middle" transform={rotate}>
        {label}
        {tags.length > 0 && <tspan className="segment-tags">{` [${tags.join(', ')}]`}</tspan>}
      </text>
      {optionsLabel && (
        <text
          className="segment-label segment-options"
          x={mx}
          y={my + 16}
          textAnchor="middle"
          transform={rotate}
        >
          {optionsLabel}
        </text>
      )}
      {segment.linux && (
        <text
          className={`segment-label segment-linux ${segment.linux.agreed ? 'segment-linux--agreed' : 'segment-linux--differs'}`}
          data-testid="segment-linux"
          data-agreed={segment.linux.agreed}
          x={mx}
          // above the arrow's label: below it, a SYN's options line and the next arrow's label leave no room
          y={my - 22}
          textAnchor="middle"
          transform={rotate}
        >
          {linuxLabel}
        </text>
      )}
    </g>
  );
}

type Translate = ReturnType<typeof useLang>['t'];

/** "✓ Linux sent this; tcp-core predicted the same", or "≠ Linux sent …; tcp-core predicted …". */
function linuxSegmentText(mark: LinuxSegmentMark, t: Translate): string {
  if (mark.agreed) return t('linuxPeer.ladderAgreed');
  return t('linuxPeer.ladderDiffers', {
    linux: mark.linux ?? t('linuxPeer.ladderNothing'),
    predicted: mark.predicted ?? t('linuxPeer.ladderNothing'),
  });
}

/** Under a row where Linux played: its state beside tcp-core's, then any of its segments that is on no arrow. */
function LinuxRowLines({ row, y }: { row: LadderRow; y: number }) {
  const { t } = useLang();
  const linux = row.linux!;
  const sameState = linux.state === linux.predictedState;
  const lines: { text: string; agreed: boolean }[] = [
    {
      text: t('linuxPeer.ladderState', { role: t(`role.${linux.role}`), state: linux.state }),
      agreed: sameState,
    },
    {
      text: sameState
        ? t('linuxPeer.ladderStateAgreed')
        : t('linuxPeer.ladderStateDiffers', { state: linux.predictedState }),
      agreed: sameState,
    },
  ];
  for (const mark of linux.extra) {
    lines.push({
      text: mark.linux ? t('linuxPeer.ladderExtra', { linux: mark.linux }) : t('linuxPeer.ladderNotSent'),
      agreed: false,
    });
    lines.push({
      text: t('linuxPeer.ladderPredicted', { predicted: mark.predicted ?? t('linuxPeer.ladderNothing') }),
      agreed: false,
    });
  }
  return (
    <g
      className={`ladder-linux ${linux.agreed ? 'ladder-linux--agreed' : 'ladder-linux--differs'}`}
      data-testid="ladder-linux"
      data-agreed={linux.agreed}
    >
      {lines.map((line, i) => (
        <text
          key={i}
          x={6}
          y={y + i * 14}
          className={line.agreed ? 'ladder-linux-line' : 'ladder-linux-line ladder-linux-line--differs'}
        >
          {line.text}
        </text>
      ))}
    </g>
  );
}
