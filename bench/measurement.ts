// The one shape every scenario reports, whichever load generator produced it.
import type { CpuUsage } from './cpu-meter.ts';

export interface Measurement {
  /** Successful (2xx / gRPC OK) responses per second over the measured window. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Transport errors, timeouts and non-2xx answers (or failed gRPC calls). */
  errors: number;
  /** Completed calls, successful or not. */
  total: number;
}

export interface ScenarioResult extends Measurement {
  /** The scenario's key (see scenarios.ts). */
  key: string;
  name: string;
  /** Server resident set size after the scenario, in MB. */
  rssMb: number;
  /** CPU used during the measured window, in % of one core. */
  cpu: CpuUsage;
  /** The report table it belongs to ('identity': "Identity at scale"). */
  section?: 'identity';
  /** One request at a time, after the loaded window (identity scenarios). */
  sequential?: Measurement;
  /** Further lines for the report. */
  notes: string[];
}

/** The value at quantile q (0..1) of an ascending-sorted array; 0 for an empty one. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? 0;
}
