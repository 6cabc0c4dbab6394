import { act, fireEvent, render, screen } from '@testing-library/react';
import { LabSettingsChoiceSchema, SETTING_BOUNDS, mergeSettings } from '@tcp-lab/tcp-core';
import i18n from '../src/i18n';
import { EMPTY_SETTINGS, settingsOfDraft } from '../src/components/PairingSettings';

const calls: { path: string; body: unknown }[] = [];

jest.mock('../src/api/http', () => {
  const actual = jest.requireActual('../src/api/http');
  return {
    ...actual,
    api: jest.fn(async (path: string, options?: { body?: unknown }) => {
      calls.push({ path, body: options?.body });
      if (path === '/scenarios') return [];
      if (path === '/join-address') return { url: 'http://lab/', source: 'loopback', lanAddresses: [] };
      return { labs: [] };
    }),
  };
});
jest.mock('../src/lib/useClassWatch', () => ({
  useClassWatch: () => ({
    classroom: { id: 'class-1', name: 'Networks', joinCode: 'ABCD', createdAt: '', seats: [] },
    labs: [],
    error: null,
    connected: true,
    upsertLabs: jest.fn(),
  }),
}));

// imported after the mocks are declared (jest hoists jest.mock)
import { DashboardPage } from '../src/pages/DashboardPage';

const pairings = () =>
  calls.filter((call) => call.path === '/classrooms/class-1/pairings').map((c) => c.body);

describe('the pairing form’s TCP settings', () => {
  beforeEach(() => void (calls.length = 0));

  it('sends profile, appReads, rcvWnd, mss, windowScale and timers.timeWaitMs with the pairing, as tcp-core reads them', async () => {
    render(<DashboardPage classroomId="class-1" />);
    fireEvent.change(screen.getByLabelText('Profile'), { target: { value: 'linux' } });
    fireEvent.change(screen.getByLabelText('Application reads'), { target: { value: 'call' } });
    fireEvent.change(screen.getByLabelText('Receive window (octets)'), { target: { value: '4000' } });
    fireEvent.change(screen.getByLabelText('MSS (octets)'), { target: { value: '536' } });
    fireEvent.change(screen.getByLabelText('Window scale'), { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText('TIME_WAIT (ms)'), { target: { value: '1000' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Pair automatically' })));
    const [body] = pairings() as { settings: unknown }[];
    expect(body).toMatchObject({
      strategy: 'auto',
      settings: {
        profile: 'linux',
        appReads: 'call',
        rcvWnd: 4000,
        mss: 536,
        windowScale: 3,
        timers: { timeWaitMs: 1000 },
      },
    });
    // the server's schema takes it as it is, and the lab's settings come out with these values
    expect(LabSettingsChoiceSchema.safeParse(body.settings).success).toBe(true);
    expect(mergeSettings(body.settings as object)).toMatchObject({
      profile: 'linux',
      rcvWnd: 4000,
      windowScale: 3,
      timers: { timeWaitMs: 1000, mslMs: 30000 },
    });
  });

  it('sends no settings when none is chosen (the scenario’s values stay), and "None" for window scale is null', async () => {
    render(<DashboardPage classroomId="class-1" />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Pair automatically' })));
    expect(pairings()[0]).not.toHaveProperty('settings');
    fireEvent.change(screen.getByLabelText('Window scale'), { target: { value: 'none' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Pair automatically' })));
    expect(pairings()[1]).toMatchObject({ settings: { windowScale: null } });
  });

  it('refuses a value outside tcp-core’s bounds in both languages, and sends nothing', async () => {
    render(<DashboardPage classroomId="class-1" />);
    const mss = screen.getByLabelText('MSS (octets)');
    expect(mss).toHaveAttribute('max', String(SETTING_BOUNDS.mss.max));
    fireEvent.change(mss, { target: { value: '70000' } });
    fireEvent.change(screen.getByLabelText('Receive window (octets)'), { target: { value: '1.5' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Pair automatically' })));
    expect(pairings()).toEqual([]);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('MSS: a whole number from 1 to 65495');
    expect(alert).toHaveTextContent('Receive window: a whole number from 1 to 65535');
    act(() => void i18n.changeLanguage('zh'));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '自动分组' })));
    expect(screen.getByRole('alert')).toHaveTextContent('MSS：应为 1 到 65495 之间的整数');
    act(() => void i18n.changeLanguage('en'));
  });

  it('checks every bound exactly where tcp-core’s schema does', () => {
    for (const [name, { min, max }] of Object.entries(SETTING_BOUNDS)) {
      const field = name as keyof typeof SETTING_BOUNDS;
      for (const [value, ok] of [
        [min, true],
        [max, true],
        [min - 1, false],
        [max + 1, false],
      ] as const) {
        const draft = { ...EMPTY_SETTINGS, [field]: String(value) };
        const form = settingsOfDraft(draft).ok;
        const schema = LabSettingsChoiceSchema.safeParse(
          field === 'timeWaitMs' ? { timers: { timeWaitMs: value } } : { [field]: value },
        ).success;
        expect({ field, value, form, schema }).toEqual({ field, value, form: ok, schema: ok });
      }
    }
  });
});
