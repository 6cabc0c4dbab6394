/**
 * The TCP state diagram drawn from tcp-core's transition table: one arrow per rule (self-loops are listed with
 * their state instead), coloured by path like the seed (blue client, red server, dashed orange special), with both
 * endpoints' current states marked and the explanation of whatever is hovered or focused.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  DEFAULT_SETTINGS,
  STATES,
  STATE_INFO,
  TRANSITIONS,
  holdsUnder,
  type LabSettings,
  type State,
  type TransitionRule,
  type TransitionTaken,
} from '@tcp-lab/tcp-core';
import { useLang } from '../i18n';
import {
  LABEL_SIZE,
  NODE,
  SHAPE_OF_SIZE,
  diagramBounds,
  isSelfLoop,
  layoutArrows,
  positionsFor,
  ruleLabel,
} from './diagramLayout';

export interface RuleHeat {
  attempts: number;
  mistakes: number;
}

export interface StateDiagramProps {
  current?: { client?: State | null; server?: State | null };
  /** transitions of the latest move: their arrows animate */
  lastTransitions?: TransitionTaken[];
  /** class view: arrows coloured by how often the class got each rule wrong */
  heat?: Record<string, RuleHeat>;
  rules?: readonly TransitionRule[];
  /** the lab's settings: rows that hold only under other settings (a profile, rfc1337) are not drawn */
  settings?: Partial<LabSettings>;
  className?: string;
  /** 'projector' draws the labels for the back of a room; otherwise they follow the Large type switch */
  size?: 'normal' | 'projector';
}

/** Whether the page is in Large type (App toggles a class on <html>): the diagram's labels follow it. */
export function useLargeTypeOn(): boolean {
  const read = () =>
    typeof document !== 'undefined' && document.documentElement.classList.contains('large-type');
  const [on, setOn] = useState(read);
  useEffect(() => {
    const observer = new MutationObserver(() => setOn(read()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, []);
  return on;
}

/** RFC citations as written in the reader's language ("Figure 7" → "图 7"). */
export function rfcText(rfc: string, lang: 'en' | 'zh'): string {
  return lang === 'zh' ? rfc.replace(/Figure (\d+)/g, '图 $1').replace(/\(3\.(\d+) 图/g, '(3.$1 节 图') : rfc;
}

type Selection = { kind: 'state'; state: State } | { kind: 'rule'; id: string } | null;

export function heatColour(heat: RuleHeat | undefined): string {
  if (!heat || heat.attempts === 0) return '#9e9e9e';
  const rate = heat.mistakes / heat.attempts;
  // purple, not red: red is the server's path in the ordinary diagram
  if (rate >= 0.5) return '#5b2a86';
  if (rate >= 0.25) return '#e65100';
  if (rate > 0) return '#b8860b';
  return '#2e7d32';
}

export function StateDiagram({
  current,
  lastTransitions = [],
  heat,
  rules: allRules = TRANSITIONS,
  settings = DEFAULT_SETTINGS,
  className,
  size = 'normal',
}: StateDiagramProps) {
  const { t, pick, lang } = useLang();
  // a lab stored before a setting existed runs with its default
  const rules = useMemo(
    () => allRules.filter((rule) => holdsUnder(rule, { ...DEFAULT_SETTINGS, ...settings })),
    [allRules, settings],
  );
  const largeType = useLargeTypeOn();
  const fontSize =
    size === 'projector' ? LABEL_SIZE.projector : largeType ? LABEL_SIZE.large : LABEL_SIZE.normal;
  // the projector's screen is wide and short: its layout is too (SHAPE_OF_SIZE)
  const shape = size === 'projector' ? SHAPE_OF_SIZE.projector : SHAPE_OF_SIZE.normal;
  const positions = useMemo(() => positionsFor(fontSize, shape), [fontSize, shape]);
  const [hovered, setHovered] = useState<Selection>(null);
  // a click, Enter or Space pins an explanation so it stays while reading (and works on touch screens)
  const [pinned, setPinned] = useState<Selection>(null);
  const selection = hovered ?? pinned;
  const [showResets, setShowResets] = useState(false);
  // the heat map labels every arrow with its count: the layout makes room for the whole text
  const arrows = useMemo(
    () =>
      layoutArrows(rules, {
        fontSize,
        lang,
        shape,
        labelAll: Boolean(heat),
        suffix: heat
          ? (rule) => (heat[rule.id] ? ` ${heat[rule.id].mistakes}/${heat[rule.id].attempts}` : '')
          : undefined,
      }),
    [rules, fontSize, lang, shape, heat],
  );
  const isMinor = (arrow: { rule: TransitionRule; margin: boolean }) =>
    arrow.margin && arrow.rule.path === 'special' && arrow.rule.seed === 'RFC only';
  const view = useMemo(
    () =>
      diagramBounds(
        arrows.filter((arrow) => showResets || !isMinor(arrow)),
        positions,
      ),
    [arrows, showResets, positions],
  );
  const lastRuleIds = new Set(lastTransitions.map((tr) => tr.ruleId).filter(Boolean));
  const lastPairs = new Set(lastTransitions.filter((tr) => !tr.ruleId).map((tr) => `${tr.from}>${tr.to}`));
  const selfLoops = (state: State) => rules.filter((rule) => isSelfLoop(rule) && rule.from === state);

  const same = (a: Selection, b: Selection) =>
    a !== null &&
    b !== null &&
    (a.kind === 'state' && b.kind === 'state'
      ? a.state === b.state
      : a.kind === 'rule' && b.kind === 'rule' && a.id === b.id);
  const interactions = (next: Selection) => ({
    onMouseEnter: () => setHovered(next),
    onFocus: () => setHovered(next),
    onMouseLeave: () => setHovered(null),
    onBlur: () => setHovered(null),
    onClick: () => setPinned((current) => (same(current, next) ? null : next)),
    onKeyDown: (event: React.KeyboardEvent) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      setPinned((current) => (same(current, next) ? null : next));
    },
    'aria-pressed': same(pinned, next),
  });

  return (
    <div className={`state-diagram ${className ?? ''}`}>
      <div className="diagram-scroll">
        <svg
          viewBox={`${view.x} ${view.y} ${view.width} ${view.height}`}
          role="group"
          aria-label={t('diagram.title')}
          className={showResets ? '' : 'hide-resets'}
          data-label-size={fontSize}
          style={{ '--label-size': `${fontSize}px` } as React.CSSProperties}
        >
          <defs>
            {['client-normal', 'server-normal', 'special', 'heat'].map((path) => (
              <marker
                key={path}
                id={`head-${path}`}
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerUnits="userSpaceOnUse"
                markerWidth="16"
                markerHeight="16"
                orient="auto-start-reverse"
              >
                <path d="M 0 0 L 10 5 L 0 10 z" className={`head head--${path}`} />
              </marker>
            ))}
          </defs>
          <g className="arrows">
            {arrows.map(({ rule, d, label, margin, labelled }) => {
              const ruleHeat = heat?.[rule.id];
              const last = lastRuleIds.has(rule.id) || lastPairs.has(`${rule.from}>${rule.to}`);
              // a rule of one profile only (RFC 9293 or Linux, the table's `when`) is dotted, and its label
              // tagged (ruleLabel), so a student who switches the profile sees which arrows changed
              const profile = rule.when?.profile;
              const classes = [
                'arrow',
                `arrow--${rule.path}`,
                margin ? 'arrow--margin' : '',
                isMinor({ rule, margin }) ? 'arrow--minor' : '',
                last ? 'arrow--last' : '',
                heat ? 'arrow--heat' : '',
                profile ? `arrow--profile arrow--profile-${profile}` : '',
                selection?.kind === 'rule' && selection.id === rule.id ? 'arrow--selected' : '',
              ]
                .filter(Boolean)
                .join(' ');
              const text = label.text;
              return (
                <g
                  key={rule.id}
                  className={classes}
                  data-rule-id={rule.id}
                  tabIndex={0}
                  role="button"
                  data-profile={profile}
                  aria-label={`${rule.from} → ${rule.to}: ${text}${profile ? ` (${t('diagram.profileOnly', { profile: t(`profileRule.${profile}`) })})` : ''}${ruleHeat ? ` (${t('mistakes.ruleLine', { mistakes: ruleHeat.mistakes, attempts: ruleHeat.attempts })})` : ''}`}
                  {...interactions({ kind: 'rule', id: rule.id })}
                  style={
                    heat
                      ? ({
                          '--heat': heatColour(ruleHeat),
                          '--heat-width': `${2 + Math.min(ruleHeat?.mistakes ?? 0, 10) * 0.8}px`,
                        } as React.CSSProperties)
                      : undefined
                  }
                >
                  <path className="arrow-hit" d={d} />
                  <path className="arrow-line" d={d} markerEnd={`url(#head-${heat ? 'heat' : rule.path})`} />
                  {labelled && (
                    <text
                      className="arrow-label"
                      x={label.x}
                      y={label.y}
                      textAnchor={label.anchor}
                      fontSize={fontSize}
                    >
                      {text}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
          <g className="states">
            {STATES.map((state) => {
              const { x, y } = positions[state];
              const isClient = current?.client === state;
              const isServer = current?.server === state;
              const loops = selfLoops(state);
              const classes = [
                'state',
                isClient ? 'state--client' : '',
                isServer ? 'state--server' : '',
                selection?.kind === 'state' && selection.state === state ? 'state--selected' : '',
              ]
                .filter(Boolean)
                .join(' ');
              return (
                <g
                  key={state}
                  className={classes}
                  data-state={state}
                  tabIndex={0}
                  role="button"
                  {...interactions({ kind: 'state', state })}
                >
                  <rect
                    className="state-box"
                    x={x - NODE.width / 2}
                    y={y - NODE.height / 2}
                    width={NODE.width}
                    height={NODE.height}
                    rx={10}
                  />
                  <text className="state-id" x={x} y={y - 3} textAnchor="middle">
                    {state}
                  </text>
                  <text className="state-name" x={x} y={y + 15} textAnchor="middle">
                    {pick(STATE_INFO[state]?.name)}
                  </text>
                  {state === 'TIME_WAIT' && (
                    <text
                      className="state-note"
                      // under the box, clear of the arrows that leave TIME_WAIT's side for CLOSED
                      x={x - NODE.width / 2 + 6}
                      y={y + NODE.height / 2 + 14}
                      textAnchor="start"
                      data-testid="two-msl"
                    >
                      {t('diagram.twoMsl')}
                    </text>
                  )}
                  {loops.length > 0 && (
                    <text
                      className="state-loops"
                      x={x + NODE.width / 2 - 6}
                      y={y + NODE.height / 2 + 14}
                      textAnchor="end"
                    >
                      ↻ {loops.length}
                    </text>
                  )}
                  {isClient && (
                    <g className="badge badge--client" data-badge="client">
                      <rect
                        x={x - NODE.width / 2 - 6}
                        y={y - NODE.height / 2 - 20}
                        width={isServer ? 86 : 96}
                        height={20}
                        rx={10}
                      />
                      <text
                        x={x - NODE.width / 2 + (isServer ? 37 : 42)}
                        y={y - NODE.height / 2 - 5}
                        textAnchor="middle"
                      >
                        {t('role.client')}
                      </text>
                    </g>
                  )}
                  {isServer && (
                    <g className="badge badge--server" data-badge="server">
                      <rect
                        x={x + NODE.width / 2 - 90}
                        y={y - NODE.height / 2 - 20}
                        width={96}
                        height={20}
                        rx={10}
                      />
                      <text x={x + NODE.width / 2 - 42} y={y - NODE.height / 2 - 5} textAnchor="middle">
                        {t('role.server')}
                      </text>
                    </g>
                  )}
                </g>
              );
            })}
          </g>
        </svg>
      </div>
      <div className="diagram-legend" aria-hidden="false">
        <span className="legend legend--client-normal">{t('diagram.legend.client')}</span>
        <span className="legend legend--server-normal">{t('diagram.legend.server')}</span>
        <span className="legend legend--special">{t('diagram.legend.special')}</span>
        {rules.some((rule) => rule.when?.profile) && (
          <span className="legend legend--profile" data-testid="legend-profile">
            {t('diagram.legend.profile')}
          </span>
        )}
        <label className="legend-toggle">
          <input type="checkbox" checked={showResets} onChange={(e) => setShowResets(e.target.checked)} />{' '}
          {t('diagram.showResets')}
        </label>
      </div>
      <Explanation selection={selection} rules={rules} heat={heat} />
      <details className="as-text">
        <summary>{t('diagram.asText')}</summary>
        <ul data-testid="diagram-text">
          {arrows.map(({ rule, label }) => (
            <li key={rule.id}>
              {rule.from} → {rule.to}: {label.text} ({t(`diagram.path.${rule.path}`)})
              {rule.when?.profile
                ? ` (${t('diagram.profileOnly', { profile: t(`profileRule.${rule.when.profile}`) })})`
                : ''}
              {current?.client === rule.from || current?.server === rule.from ? ' ◀' : ''}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

function Explanation({
  selection,
  rules,
  heat,
}: {
  selection: Selection;
  rules: readonly TransitionRule[];
  heat?: Record<string, RuleHeat>;
}) {
  const { t, pick, lang } = useLang();
  if (!selection) {
    return (
      <div className="diagram-explain diagram-explain--empty" aria-live="polite">
        {t('diagram.hint')}
      </div>
    );
  }
  if (selection.kind === 'state') {
    const info = STATE_INFO[selection.state];
    const loops = rules.filter((rule) => isSelfLoop(rule) && rule.from === selection.state);
    return (
      <div className="diagram-explain" aria-live="polite" data-testid="explanation">
        <h4>
          {selection.state} — {pick(info?.name)}
        </h4>
        <p>{pick(info?.explain)}</p>
        {loops.length > 0 && (
          <>
            <h5>{t('diagram.selfLoops')}</h5>
            <ul>
              {loops.map((rule) => (
                <li key={rule.id}>
                  <strong>{ruleLabel(rule, lang)}</strong>: {pick(rule.explain)}{' '}
                  <span className="muted">({rfcText(rule.rfc, lang)})</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    );
  }
  const rule = rules.find((candidate) => candidate.id === selection.id);
  if (!rule) return null;
  const ruleHeat = heat?.[rule.id];
  return (
    <div className="diagram-explain" aria-live="polite" data-testid="explanation">
      <h4>
        {rule.from} → {rule.to}: <code>{ruleLabel(rule, lang)}</code>
      </h4>
      <p>{pick(rule.explain)}</p>
      <p className="muted">
        {rfcText(rule.rfc, lang)} · {t(`diagram.path.${rule.path}`)}
        {rule.when?.profile
          ? ` · ${t('diagram.profileOnly', { profile: t(`profileRule.${rule.when.profile}`) })}`
          : ''}
      </p>
      {ruleHeat && (
        <p>{t('mistakes.ruleLine', { mistakes: ruleHeat.mistakes, attempts: ruleHeat.attempts })}</p>
      )}
    </div>
  );
}
