import { act, render } from '@testing-library/react';
import i18n from '../src/i18n';
import { Ladder } from '../src/components/Ladder';
import { buildLadder } from '../src/components/ladderModel';
import { play } from './labs';

describe('Ladder drawn from a transcript', () => {
  it('shows a delivered SYN, a duplicated copy, a dropped SYN,ACK and a segment still in flight', () => {
    const { transcript } = play([
      { by: 'server', call: 'listen' },
      { by: 'client', call: 'connect' },
      { by: 'network', action: 'duplicate', from: 'client' },
      { by: 'network', action: 'deliver', from: 'client' }, // SYN arrives, SYN,ACK goes out
      { by: 'network', action: 'drop', from: 'server', index: 0 }, // the SYN,ACK is lost
    ]);
    const { container } = render(<Ladder entries={transcript.entries} />);
    const byFate = (fate: string) => container.querySelectorAll(`[data-fate="${fate}"]`);
    expect(byFate('delivered')).toHaveLength(1);
    expect(byFate('dropped')).toHaveLength(1);
    // the duplicate copy of the SYN is still in flight
    expect(byFate('in-flight')).toHaveLength(1);
    expect(container.querySelector('.segment--duplicate')).toHaveAttribute('data-fate', 'in-flight');
    expect(container.querySelector('.segment--dropped .segment-cross')).not.toBeNull();
    expect(container.querySelector('[data-fate="delivered"]')).toHaveTextContent('SYN seq=1000');
    expect(container.querySelector('[data-fate="dropped"]')).toHaveTextContent('SYN,ACK seq=5000 ack=1001');
    expect(container.querySelector('.segment--duplicate')).toHaveTextContent('duplicate of #1');
  });

  it('marks a retransmission fired by the clock and writes state changes on the lifelines', () => {
    const { transcript } = play([
      { by: 'server', call: 'listen' },
      { by: 'client', call: 'connect' },
      { by: 'network', action: 'drop', from: 'client' },
      { by: 'clock', advance: 1000 },
    ]);
    const model = buildLadder(transcript.entries);
    const retransmitted = model.segments.filter((segment) => segment.retransmission);
    expect(retransmitted).toHaveLength(1);
    expect(retransmitted[0]).toMatchObject({ from: 'client', flags: ['SYN'], seq: 1000, fate: 'in-flight' });
    const { container } = render(<Ladder entries={transcript.entries} />);
    expect(container.querySelector('.segment--retransmission')).toHaveTextContent('retransmission');
    const stateLabels = Array.from(container.querySelectorAll('.ladder-state')).map(
      (g) => `${g.getAttribute('data-role')}:${g.textContent}`,
    );
    expect(stateLabels).toEqual(['server:LISTEN', 'client:SYN_SENT']);
  });

  it('shows only the first entries when replaying', () => {
    const { transcript } = play([
      { by: 'server', call: 'listen' },
      { by: 'client', call: 'connect' },
      { by: 'network', action: 'deliver', from: 'client' },
    ]);
    const { container } = render(<Ladder entries={transcript.entries} upTo={2} />);
    expect(container.querySelectorAll('.ladder-row')).toHaveLength(2);
    expect(container.querySelector('[data-fate="in-flight"]')).toHaveTextContent('SYN seq=1000');
  });

  it('writes the window on every segment and the SYN options under SYN and SYN,ACK', () => {
    const { transcript } = play(
      [
        { by: 'server', call: 'listen' },
        { by: 'client', call: 'connect' },
        { by: 'network', action: 'deliver-all' },
        { by: 'client', call: 'send', bytes: 300 },
        { by: 'network', action: 'deliver-all' },
      ],
      { isn: { client: 1000, server: 5000 }, appReads: 'call', rcvWnd: 4000, mss: 1200, windowScale: 2 },
    );
    const { container } = render(<Ladder entries={transcript.entries} />);
    const label = (id: number) => container.querySelector(`[data-segment-id="${id}"] .segment-label`);
    const options = (id: number) => container.querySelector(`[data-segment-id="${id}"] .segment-options`);
    // a SYN's window is never scaled (RFC 7323 2.2); later windows are shifted right by 2
    expect(label(1)).toHaveTextContent('#1 SYN seq=1000 win=4000');
    expect(options(1)).toHaveTextContent('options: MSS=1200, wscale=2');
    expect(label(2)).toHaveTextContent('#2 SYN,ACK seq=5000 ack=1001 win=4000');
    expect(options(2)).toHaveTextContent('options: MSS=1200, wscale=2');
    expect(label(3)).toHaveTextContent('#3 ACK seq=1001 ack=5001 win=1000');
    expect(options(3)).toBeNull();
    // 300 octets wait unread at the server: (4000 - 300) >> 2 = 925
    expect(label(5)).toHaveTextContent('#5 ACK seq=5001 ack=1301 win=925');
    act(() => void i18n.changeLanguage('zh'));
    expect(options(1)).toHaveTextContent('选项：MSS=1200, wscale=2');
    act(() => void i18n.changeLanguage('en'));
  });
});
