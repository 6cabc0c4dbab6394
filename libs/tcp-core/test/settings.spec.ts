import { z } from 'zod';
import {
  DEFAULT_SETTINGS,
  FAULT_KINDS,
  FAULT_KIND_CHOICES,
  LAB_MODES,
  LAB_MODE_CHOICES,
  LAB_STATUSES,
  LAB_STATUS_CHOICES,
  LabSettingsChoiceSchema,
  LabSettingsSchema,
  NETWORK_MODES,
  NETWORK_MODE_CHOICES,
  createLab,
  labelOf,
  mergeSettings,
  parseLabScript,
  parseTranscript,
  resolveSettings,
  seededIsns,
  transcriptToScript,
} from '../src';

describe('lab settings: one schema with defaults', () => {
  it('gives the documented defaults for an empty input', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      seed: 1,
      network: 'manual',
      mode: 'calls',
      rfc1337: false,
      profile: 'rfc',
      rcvWnd: 65535,
      appReads: 'auto',
      mss: 1460,
      windowScale: null,
      timers: { rtoMs: 1000, mslMs: 30000, connectTimeoutMs: 75000, synRetries: 6, dataRetries: 15 },
    });
    expect(resolveSettings({})).toEqual({ ...DEFAULT_SETTINGS, isn: seededIsns(1) });
  });

  it('derives a missing ISN from the seed and keeps a given one', () => {
    const settings = resolveSettings({ seed: 7, isn: { client: 100 } });
    expect(settings.isn).toEqual({ client: 100, server: seededIsns(7).server });
  });

  it('fills a partly given timers object with the other defaults', () => {
    expect(resolveSettings({ timers: { rtoMs: 200 } }).timers).toEqual({
      rtoMs: 200,
      mslMs: 30000,
      connectTimeoutMs: 75000,
      synRetries: 6,
      dataRetries: 15,
    });
  });

  it('refuses a value out of bounds and an unknown setting', () => {
    expect(LabSettingsSchema.safeParse({ timers: { rtoMs: 0 } }).success).toBe(false);
    expect(LabSettingsSchema.safeParse({ colour: 'red' }).success).toBe(false);
    expect(parseLabScript({ format: 'tcp-lab/1', settings: { mode: 'tcp' }, moves: [] }).ok).toBe(false);
  });

  it('merges layers field by field, later layers winning, objects merged', () => {
    const merged = mergeSettings(
      { mode: 'stack', timers: { rtoMs: 500 } },
      { network: 'auto', timers: { mslMs: 100, rtoMs: undefined } },
      { mode: undefined },
    );
    expect(merged.mode).toBe('stack');
    expect(merged.network).toBe('auto');
    expect(merged.timers).toEqual({
      rtoMs: 500,
      mslMs: 100,
      connectTimeoutMs: 75000,
      synRetries: 6,
      dataRetries: 15,
    });
  });

  it('carries every setting of a resolved lab through mergeSettings, so none is dropped on the way', () => {
    const settings = resolveSettings({ seed: 3, network: 'auto', mode: 'stack', timers: { mslMs: 5 } });
    expect(mergeSettings(settings)).toEqual(settings);
  });

  it('lets an instructor choose every setting but the ISNs and seed', () => {
    const keys = Object.keys(LabSettingsChoiceSchema.shape).sort();
    const all = Object.keys(LabSettingsSchema.shape).filter((key) => key !== 'isn' && key !== 'seed');
    expect(keys).toEqual(all.sort());
    expect(LabSettingsChoiceSchema.safeParse({ isn: { client: 1 } }).success).toBe(false);
  });

  it('describes the settings as JSON Schema with their defaults (what the OpenAPI docs show)', () => {
    const schema = z.toJSONSchema(LabSettingsSchema, { io: 'input' }) as {
      properties: Record<string, { default?: unknown }>;
    };
    expect(schema.properties.network.default).toBe('manual');
    expect(schema.properties.mode.default).toBe('calls');
  });

  it('a transcript that leaves settings out takes their defaults, and its script starts from the same lab', () => {
    const parsed = parseTranscript({
      format: 'tcp-lab-transcript/1',
      settings: { seed: 9, mode: 'stack' },
      entries: [],
    });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.transcript.settings).toEqual(resolveSettings({ seed: 9, mode: 'stack' }));
    const script = transcriptToScript(parsed.transcript);
    expect(createLab(script.settings)).toEqual(createLab(parsed.transcript.settings));
  });
});

describe('enums: declared once, each value with a label in both languages', () => {
  it.each([
    ['mode', LAB_MODES, LAB_MODE_CHOICES],
    ['network', NETWORK_MODES, NETWORK_MODE_CHOICES],
    ['fault kind', FAULT_KINDS, FAULT_KIND_CHOICES],
    ['lab status', LAB_STATUSES, LAB_STATUS_CHOICES],
  ] as const)('every %s has a choice with en and zh labels', (_name, values, choices) => {
    expect(choices.map((choice) => choice.value)).toEqual([...values]);
    for (const choice of choices) {
      expect(choice.label.en).not.toBe('');
      expect(choice.label.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('labelOf finds the label of a value', () => {
    expect(labelOf(LAB_MODE_CHOICES, 'stack').en).toBe('Be the TCP stack');
    expect(labelOf(LAB_STATUS_CHOICES, 'nope').en).toBe('nope');
  });
});
