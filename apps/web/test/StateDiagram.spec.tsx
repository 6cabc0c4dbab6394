import { act, fireEvent, render, screen } from '@testing-library/react';
import { DEFAULT_SETTINGS, STATES, STATE_INFO, TRANSITIONS, holdsUnder } from '@tcp-lab/tcp-core';
import i18n from '../src/i18n';
import { StateDiagram } from '../src/components/StateDiagram';
import { LABEL_SIZE, ruleLabel } from '../src/components/diagramLayout';

// a lab with the default settings (profile rfc, rfc1337 off) draws the rows that hold under them
const drawnRules = TRANSITIONS.filter((rule) => rule.from !== rule.to && holdsUnder(rule, DEFAULT_SETTINGS));

describe('StateDiagram drawn from the transition table', () => {
  it('draws the 11 states and one arrow per rule that changes state', () => {
    const { container } = render(<StateDiagram />);
    expect(container.querySelectorAll('[data-state]')).toHaveLength(11);
    for (const state of STATES) expect(container.querySelector(`[data-state="${state}"]`)).not.toBeNull();
    const arrows = container.querySelectorAll('[data-rule-id]');
    expect(arrows).toHaveLength(drawnRules.length);
    expect(drawnRules.length).toBeGreaterThan(20);
  });

  it("draws the rows of the lab's profile only: Linux's new incarnation from TIME_WAIT in a linux lab, not in an rfc one", () => {
    const rfc = render(<StateDiagram />).container;
    expect(rfc.querySelector('[data-rule-id="time-wait--syn--syn-rcvd"]')).toBeNull();
    expect(rfc.querySelector('[data-rule-id="time-wait--rst--closed"]')).not.toBeNull();
    const linux = render(<StateDiagram settings={{ ...DEFAULT_SETTINGS, profile: 'linux' }} />).container;
    expect(linux.querySelector('[data-rule-id="time-wait--syn--syn-rcvd"]')).not.toBeNull();
    const rfc1337 = render(<StateDiagram settings={{ ...DEFAULT_SETTINGS, rfc1337: true }} />).container;
    expect(rfc1337.querySelector('[data-rule-id="time-wait--rst--closed"]')).toBeNull();
  });

  it('labels every row of the table in Chinese words (no English event word is left for a Chinese reader)', () => {
    for (const rule of TRANSITIONS)
      expect({ id: rule.id, label: ruleLabel(rule, 'zh') }).toEqual({
        id: rule.id,
        label: expect.not.stringMatching(/appl:|rcv |timeout/),
      });
  });

  it('gives every arrow the class of its path (client blue, server red, special dashed)', () => {
    const { container } = render(<StateDiagram />);
    for (const rule of drawnRules) {
      const arrow = container.querySelector(`[data-rule-id="${rule.id}"]`);
      expect(arrow).toHaveClass('arrow', `arrow--${rule.path}`);
    }
    expect(container.querySelectorAll('.arrow--client-normal').length).toBe(
      drawnRules.filter((r) => r.path === 'client-normal').length,
    );
    expect(container.querySelectorAll('.arrow--server-normal').length).toBe(
      drawnRules.filter((r) => r.path === 'server-normal').length,
    );
    expect(container.querySelector('[data-rule-id="closed--connect--syn-sent"]')).toHaveClass(
      'arrow--client-normal',
    );
    expect(container.querySelector('[data-rule-id="listen--syn--syn-rcvd"]')).toHaveClass(
      'arrow--server-normal',
    );
  });

  it('does not draw self-loops as arrows but lists them with their state', () => {
    const { container } = render(<StateDiagram />);
    expect(container.querySelector('[data-rule-id="time-wait--fin--time-wait"]')).toBeNull();
    fireEvent.focus(container.querySelector('[data-state="TIME_WAIT"]')!);
    const explanation = screen.getByTestId('explanation');
    expect(explanation).toHaveTextContent(STATE_INFO.TIME_WAIT.explain.en);
    expect(explanation).toHaveTextContent('rcv FIN / ACK');
  });

  it('marks the client and server current states with badges', () => {
    const { container } = render(<StateDiagram current={{ client: 'SYN_SENT', server: 'LISTEN' }} />);
    expect(container.querySelector('[data-state="SYN_SENT"]')).toHaveClass('state--client');
    expect(container.querySelector('[data-state="SYN_SENT"]')).not.toHaveClass('state--server');
    expect(container.querySelector('[data-state="LISTEN"]')).toHaveClass('state--server');
    expect(container.querySelectorAll('.state--client')).toHaveLength(1);
    expect(container.querySelector('[data-state="SYN_SENT"] [data-badge="client"]')).toHaveTextContent(
      'Client',
    );
    expect(container.querySelector('[data-state="LISTEN"] [data-badge="server"]')).toHaveTextContent(
      'Server',
    );
  });

  it('animates the arrow of the last transition', () => {
    const { container } = render(
      <StateDiagram
        current={{ client: 'SYN_SENT', server: 'CLOSED' }}
        lastTransitions={[
          { endpoint: 'client', from: 'CLOSED', to: 'SYN_SENT', ruleId: 'closed--connect--syn-sent' },
        ]}
      />,
    );
    expect(container.querySelectorAll('.arrow--last')).toHaveLength(1);
    expect(container.querySelector('[data-rule-id="closed--connect--syn-sent"]')).toHaveClass('arrow--last');
  });

  it('explains a focused arrow in the current language, with its RFC section and path (not the seed notes)', () => {
    const rule = TRANSITIONS.find((r) => r.id === 'fin-wait-1--fin--closing')!;
    const { container } = render(<StateDiagram />);
    const arrow = container.querySelector(`[data-rule-id="${rule.id}"]`)!;
    expect(arrow).toHaveAttribute('tabindex', '0');
    fireEvent.focus(arrow);
    expect(screen.getByTestId('explanation')).toHaveTextContent(rule.explain.en);
    expect(screen.getByTestId('explanation')).toHaveTextContent(rule.rfc);
    expect(screen.getByTestId('explanation')).not.toHaveTextContent(rule.seed);
    act(() => void i18n.changeLanguage('zh'));
    expect(screen.getByTestId('explanation')).toHaveTextContent(rule.explain.zh);
    // the citation and the label are in Chinese too
    expect(screen.getByTestId('explanation')).toHaveTextContent('图 13');
    expect(screen.getByTestId('explanation')).toHaveTextContent('收到 FIN / ACK');
    act(() => void i18n.changeLanguage('en'));
  });

  it('keeps an explanation pinned with Enter after focus moves on, and unpins it with Enter again', () => {
    const { container } = render(<StateDiagram />);
    const closeWait = container.querySelector('[data-state="CLOSE_WAIT"]')!;
    fireEvent.focus(closeWait);
    fireEvent.keyDown(closeWait, { key: 'Enter' });
    fireEvent.blur(closeWait);
    expect(closeWait).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('explanation')).toHaveTextContent(STATE_INFO.CLOSE_WAIT.explain.en);
    fireEvent.keyDown(closeWait, { key: 'Enter' });
    expect(screen.queryByTestId('explanation')).toBeNull();
  });

  it('colours arrows by the class mistakes in heat mode', () => {
    const { container } = render(
      <StateDiagram heat={{ 'syn-sent--syn-ack--established': { attempts: 4, mistakes: 3 } }} />,
    );
    const arrow = container.querySelector('[data-rule-id="syn-sent--syn-ack--established"]') as SVGGElement;
    expect(arrow).toHaveClass('arrow--heat');
    // purple, never the server path's red
    expect(arrow.style.getPropertyValue('--heat')).toBe('#5b2a86');
    expect(arrow).toHaveTextContent('3/4');
  });
});

describe('StateDiagram label size', () => {
  it('follows Large type: the labels are drawn at the large size as soon as the page switches, and back', async () => {
    const { container } = render(<StateDiagram />);
    const size = () => container.querySelector('svg')!.getAttribute('data-label-size');
    const labelSizes = () =>
      new Set(
        [...container.querySelectorAll('.arrow-label')].map((label) => label.getAttribute('font-size')),
      );
    expect(size()).toBe(String(LABEL_SIZE.normal));
    expect(labelSizes()).toEqual(new Set([String(LABEL_SIZE.normal)]));
    await act(async () => void document.documentElement.classList.add('large-type'));
    expect(size()).toBe(String(LABEL_SIZE.large));
    expect(labelSizes()).toEqual(new Set([String(LABEL_SIZE.large)]));
    expect(LABEL_SIZE.large).toBeGreaterThan(LABEL_SIZE.normal);
    await act(async () => void document.documentElement.classList.remove('large-type'));
    expect(size()).toBe(String(LABEL_SIZE.normal));
  });

  it('draws the projector size whatever the switch says', () => {
    const { container } = render(<StateDiagram size="projector" />);
    expect(container.querySelector('svg')).toHaveAttribute('data-label-size', String(LABEL_SIZE.projector));
  });

  it('labels every arrow on the heat map, the RFC-only ones too, with the count after the label', () => {
    const { container } = render(
      <StateDiagram heat={{ 'time-wait--rst--closed': { attempts: 5, mistakes: 1 } }} />,
    );
    const minor = container.querySelector('[data-rule-id="time-wait--rst--closed"] .arrow-label');
    expect(minor).toHaveTextContent('rcv RST 1/5');
    // and without the heat map the RFC-only margin arrows stay unlabelled (their explanation is on focus)
    const plain = render(<StateDiagram />).container;
    expect(plain.querySelector('[data-rule-id="time-wait--rst--closed"] .arrow-label')).toBeNull();
  });
});
