import { act, fireEvent, render, screen } from '@testing-library/react';
import i18n from '../src/i18n';
import { PcapDownload, pcapHref } from '../src/components/PcapDownload';

afterEach(() => act(() => void i18n.changeLanguage('en')));

describe('pcapng download links', () => {
  it('link the current round as IPv4 and IPv6 captures, with the token for a plain link', () => {
    render(<PcapDownload labId="lab-7" token="tok en" rounds={1} />);
    expect(screen.getByRole('link', { name: 'Capture (pcapng)' })).toHaveAttribute(
      'href',
      '/api/labs/lab-7/transcript.pcapng?round=1&token=tok+en',
    );
    expect(screen.getByRole('link', { name: 'Capture, IPv6 (pcapng)' })).toHaveAttribute(
      'href',
      '/api/labs/lab-7/transcript.pcapng?round=1&family=6&token=tok+en',
    );
    expect(screen.queryByRole('combobox')).toBeNull(); // one round: nothing to pick
  });

  it('let any earlier round be picked once there are several', () => {
    render(<PcapDownload labId="lab-7" token={null} rounds={3} />);
    const picker = screen.getByRole('combobox', { name: /Round/ });
    expect(picker).toHaveValue('3');
    act(() => void fireEvent.change(picker, { target: { value: '1' } }));
    expect(screen.getByRole('link', { name: 'Capture (pcapng)' })).toHaveAttribute(
      'href',
      '/api/labs/lab-7/transcript.pcapng?round=1',
    );
  });

  it('are labelled in Chinese', () => {
    act(() => void i18n.changeLanguage('zh'));
    render(<PcapDownload labId="x" token={null} rounds={2} />);
    expect(screen.getByRole('link', { name: '抓包文件（pcapng）' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '抓包文件，IPv6（pcapng）' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: /轮次/ })).toBeInTheDocument();
  });

  it('build the server route the export lives at', () => {
    expect(pcapHref('a/b', null, 2, 6)).toBe('/api/labs/a%2Fb/transcript.pcapng?round=2&family=6');
  });
});
