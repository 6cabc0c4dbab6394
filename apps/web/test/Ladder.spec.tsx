import { render } from '@testing-library/react';
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
});
