// Half-up decimal rounding that binary float noise cannot tip, so 59.95 passes and 89.95 is excellent.

/**
 * How far below one half (relative to the scaled value) a fraction may sit and still be the tie it
 * stands for: float arithmetic on grades is off by ~1e-14, while real data never comes this close.
 */
const TIE_TOLERANCE = 1e-9;

const POWERS = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/**
 * Round half up (away from zero) to `digits` decimals, deciding ties on the decimal the float stands
 * for. `Math.round(x * 10) / 10` is not enough: 59.95 is stored as 59.9499999…, and a weighted mean
 * of thirds can land a few ulps on either side of a true .x5. Valid while |value| × 10^digits < 1e9.
 */
export function roundHalfUp(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const factor = POWERS[digits] ?? 10 ** digits;
  const magnitude = Math.abs(value) * factor;
  const whole = Math.floor(magnitude);
  const up = magnitude - whole >= 0.5 - TIE_TOLERANCE * Math.max(1, magnitude);
  // An integer divided by a power of ten is the same double as the decimal literal, so 60.0 is exactly 60.
  const rounded = (up ? whole + 1 : whole) / factor;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Drop float noise from a sum of decimals (1.1 + 2.2 → 3.3) without imposing a number of decimals. */
export function clean(value: number): number {
  return Number.isInteger(value) || !Number.isFinite(value) ? value : Number(value.toPrecision(12));
}

/** A ratio rounded for display; no data is null, never NaN. */
export function ratio(numerator: number, denominator: number, digits: number): number | null {
  return denominator === 0 ? null : roundHalfUp(numerator / denominator, digits);
}
