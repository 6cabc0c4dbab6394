import { act, fireEvent, render, screen } from '@testing-library/react';
import { TranscriptReplay } from '../src/pages/ReplayPage';
import { play } from './labs';

describe('transcript replay', () => {
  const { transcript } = play([
    { by: 'server', call: 'listen' },
    { by: 'client', call: 'connect' },
    { by: 'network', action: 'deliver', from: 'client' },
    { by: 'network', action: 'deliver', from: 'server' },
    { by: 'network', action: 'deliver', from: 'client' },
  ]);

  it('steps back and forward with the arrow keys, keeping diagram and ladder in sync', () => {
    const { container } = render(<TranscriptReplay transcript={transcript} />);
    expect(screen.getByTestId('replay-position')).toHaveTextContent('Step 5 of 5');
    expect(container.querySelector('[data-state="ESTABLISHED"]')).toHaveClass(
      'state--client',
      'state--server',
    );

    act(() => void fireEvent.keyDown(window, { key: 'Home' }));
    expect(screen.getByTestId('replay-position')).toHaveTextContent('Step 0 of 5');
    expect(container.querySelector('[data-state="CLOSED"]')).toHaveClass('state--client', 'state--server');
    expect(container.querySelectorAll('.ladder-row')).toHaveLength(0);

    act(() => void fireEvent.keyDown(window, { key: 'ArrowRight' }));
    act(() => void fireEvent.keyDown(window, { key: 'ArrowRight' }));
    act(() => void fireEvent.keyDown(window, { key: 'ArrowRight' }));
    expect(screen.getByTestId('replay-position')).toHaveTextContent('Step 3 of 5');
    expect(container.querySelector('[data-state="SYN_SENT"]')).toHaveClass('state--client');
    expect(container.querySelector('[data-state="SYN_RCVD"]')).toHaveClass('state--server');
    expect(container.querySelector('[data-rule-id="listen--syn--syn-rcvd"]')).toHaveClass('arrow--last');
    expect(container.querySelectorAll('.ladder-row')).toHaveLength(3);
    expect(container.querySelector('[data-fate="in-flight"]')).toHaveTextContent('SYN,ACK seq=5000 ack=1001');

    act(() => void fireEvent.keyDown(window, { key: 'ArrowLeft' }));
    expect(screen.getByTestId('replay-position')).toHaveTextContent('Step 2 of 5');
    fireEvent.click(screen.getByRole('button', { name: /Forward/ }));
    expect(screen.getByTestId('replay-position')).toHaveTextContent('Step 3 of 5');
  });
});
