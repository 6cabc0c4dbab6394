import { act, render, screen, within } from '@testing-library/react';
import { tcbOf } from '@tcp-lab/lab-protocol';
import type { Move } from '@tcp-lab/tcp-core';
import i18n from '../src/i18n';
import { TcbPanel } from '../src/components/TcbPanel';
import { play } from './labs';

const valueOf = (panel: HTMLElement, name: string) =>
  panel.querySelector(`[data-var="${name}"] dd`)?.textContent;

const handshakeAndData: Move[] = [
  { by: 'server', call: 'listen' },
  { by: 'client', call: 'connect' },
  { by: 'network', action: 'deliver-all' },
  { by: 'client', call: 'send', bytes: 300 },
  { by: 'network', action: 'deliver-all' },
];

describe('TCB panel', () => {
  it('before any SYN: the windows and the options have no value yet', () => {
    const { lab } = play([{ by: 'client', call: 'connect' }]);
    render(<TcbPanel role="client" tcb={tcbOf(lab.client)} clock={lab.clock} />);
    const panel = screen.getByTestId('tcb-client');
    expect(valueOf(panel, 'SND.WND')).toBe('—');
    expect(valueOf(panel, 'RCV.WND')).toBe('65535');
    expect(screen.queryByTestId('tcb-options-client')).toBeNull();
  });

  it('shows RCV.WND shrinking while data waits unread, SND.WND as the peer advertised it, and the options', () => {
    const { lab } = play(handshakeAndData, {
      isn: { client: 1000, server: 5000 },
      appReads: 'call',
      rcvWnd: 4000,
      mss: 1200,
      windowScale: 2,
    });
    // 300 octets wait in the server's buffer of 4000: it advertises 3700, which the client keeps as SND.WND
    expect(lab.server.rcvBuffered).toBe(300);
    render(
      <>
        <TcbPanel role="client" tcb={tcbOf(lab.client)} clock={lab.clock} />
        <TcbPanel role="server" tcb={tcbOf(lab.server)} clock={lab.clock} />
      </>,
    );
    const server = screen.getByTestId('tcb-server');
    const client = screen.getByTestId('tcb-client');
    expect(valueOf(server, 'RCV.WND')).toBe('3700');
    expect(valueOf(client, 'SND.WND')).toBe('3700');
    expect(valueOf(client, 'RCV.WND')).toBe('4000');
    expect(server).not.toHaveTextContent('not modelled');
    const options = within(screen.getByTestId('tcb-options-client'));
    expect(options.getByText('MSS').closest('div')).toHaveTextContent('1200');
    expect(options.getByText('Window scale').closest('div')).toHaveTextContent('peer ≪2, own ≪2');
    act(() => void i18n.changeLanguage('zh'));
    expect(options.getByText('窗口缩放').closest('div')).toHaveTextContent('对端 ≪2，本端 ≪2');
    act(() => void i18n.changeLanguage('en'));
  });

  it('says window scale is not used when the SYNs did not carry it, and the MSS is the peer option', () => {
    const { lab } = play(handshakeAndData);
    render(<TcbPanel role="server" tcb={tcbOf(lab.server)} clock={lab.clock} />);
    const options = within(screen.getByTestId('tcb-options-server'));
    expect(options.getByText('MSS').closest('div')).toHaveTextContent('1460');
    expect(options.getByText('Window scale').closest('div')).toHaveTextContent('not used');
  });

  it('marks the windows as not modelled for a task that leaves them out', () => {
    const { lab } = play([{ by: 'client', call: 'connect' }]);
    const { sndWnd: _s, rcvWnd: _r, ...old } = tcbOf(lab.client);
    render(<TcbPanel role="client" tcb={old} clock={lab.clock} />);
    expect(screen.getByTestId('tcb-client')).toHaveTextContent('not modelled');
  });
});
