/** Latency samples and the figures the benchmark prints. */
export class Samples {
  private readonly values: number[] = [];
  add(ms: number): void {
    this.values.push(ms);
  }
  /** every sample of several runs (percentiles over the union, not an average of percentiles) */
  static union(all: Samples[]): Samples {
    const merged = new Samples();
    for (const samples of all) merged.values.push(...samples.values);
    return merged;
  }
  get count(): number {
    return this.values.length;
  }
  percentile(p: number): number {
    if (this.values.length === 0) return NaN;
    const sorted = [...this.values].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank];
  }
}

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

export function ratio(product: number, floor: number): string {
  return Number.isFinite(product) && Number.isFinite(floor) && floor > 0
    ? `${(product / floor).toFixed(2)}×`
    : '—';
}

/** A plain-text table: the first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
        .join('  '),
    )
    .join('\n');
}
