import { act, fireEvent, render, screen, within } from '@testing-library/react';
import {
  LINKTYPE,
  encodePacket,
  importCapture,
  segmentToPacket,
  type Capture,
  type Segment,
} from '@tcp-lab/tcp-core';
import i18n from '../src/i18n';
import { CaptureImportPage } from '../src/pages/CaptureImportPage';

afterEach(() => act(() => void i18n.changeLanguage('en')));

/** A real tcp-core import of a short capture whose last packet the reference machine cannot explain. */
function answer() {
  const list: ['client' | 'server', Segment][] = [
    ['client', { flags: ['SYN'], seq: 1000, len: 0 }],
    ['server', { flags: ['SYN', 'ACK'], seq: 5000, ack: 1001, len: 0 }],
    ['client', { flags: ['ACK'], seq: 1001, ack: 5001, len: 0 }],
    ['client', { flags: ['ACK', 'FIN'], seq: 1500, ack: 5001, len: 0 }],
  ];
  const capture: Capture = {
    format: 'pcap',
    frames: list.map(([from, segment], i) => {
      const data = encodePacket(segmentToPacket(segment, from));
      return { timestampUs: i * 1000, linkType: LINKTYPE.RAW, data, originalLength: data.length };
    }),
  };
  const imported = importCapture(capture);
  if (!imported.ok) throw new Error(imported.reason.en);
  return { connections: [imported.connection], skipped: 0, import: imported, quizScript: null };
}

function stubFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  global.fetch = jest.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return { ok: status < 400, status, json: async () => body } as Response;
  }) as unknown as typeof fetch;
  return calls;
}

async function uploadFile() {
  const input = screen.getByLabelText('Capture file');
  const file = new File([new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1])], 'lab.pcap');
  act(() => void fireEvent.change(input, { target: { files: [file] } }));
  await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Import' })));
}

describe("the teacher's capture import", () => {
  it('uploads the file as raw bytes and shows each packet with both states, the unexplained one flagged', async () => {
    const calls = stubFetch(200, answer());
    render(<CaptureImportPage />);
    await uploadFile();
    expect(calls[0].url).toBe('/api/captures/import');
    expect(calls[0].init.headers).toMatchObject({ 'Content-Type': 'application/vnd.tcpdump.pcap' });
    expect(screen.getByTestId('capture-summary')).toHaveTextContent('4 packets, 1 flagged');
    const rows = screen.getAllByTestId('capture-row');
    expect(
      within(rows[2])
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual([
      '3',
      '2',
      '→ ACK seq=1001 ack=5001', // tcp-core's segmentLabel, as the ladder writes it (no len for an empty segment)
      'ESTABLISHED',
      'ESTABLISHED',
      'owed by the machine',
    ]);
    expect(rows[3]).toHaveClass('capture-row--flagged');
    expect(rows[3]).toHaveTextContent('not explained');
    expect(rows[3]).toHaveTextContent('the reference machine cannot explain this segment');
    expect(screen.getByRole('link', { name: /Lab script/ }).getAttribute('href')).toMatch(
      /^data:application\/json/,
    );
  });

  it('shows a refused file’s reason in the chosen language', async () => {
    stubFetch(400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: { en: 'the file is neither pcap nor pcapng', zh: '该文件既不是 pcap 也不是 pcapng' },
      },
    });
    act(() => void i18n.changeLanguage('zh'));
    render(<CaptureImportPage />);
    const input = screen.getByLabelText('抓包文件');
    act(() => void fireEvent.change(input, { target: { files: [new File(['x'], 'x.txt')] } }));
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: '导入' })));
    expect(screen.getByRole('alert')).toHaveTextContent('该文件既不是 pcap 也不是 pcapng');
  });
});
