/**
 * Threshold Random Walk (Jung, Paxson, Berger, Balakrishnan: "Fast Portscan Detection Using Sequential
 * Hypothesis Testing", IEEE S&P 2004). Each first contact of a source is a Bernoulli trial: a benign source's
 * first contacts succeed with probability theta0, a scanner's with theta1 < theta0. The likelihood ratio
 * Pr[outcomes | scanner] / Pr[outcomes | benign] is updated per contact (x (1-theta1)/(1-theta0) on failure,
 * x theta1/theta0 on success) and compared with eta1 = PD/PF (scanner) and eta0 = (1-PD)/(1-PF) (benign).
 * The paper's defaults (theta0 0.8, theta1 0.2, PD 0.99, PF 0.01) decide after about four failures in a row.
 * Here a benign decision restarts the walk, so a host that starts scanning later is still caught.
 */

export interface TrwParams {
  readonly theta0: number
  readonly theta1: number
  /** Target detection probability and false-positive probability. */
  readonly detection: number
  readonly falsePositive: number
}

export const TRW_DEFAULTS: TrwParams = Object.freeze({ theta0: 0.8, theta1: 0.2, detection: 0.99, falsePositive: 0.01 })

export interface TrwResult {
  /** Index (in the outcome sequence) where the walk crossed eta1, or -1. */
  readonly decidedAt: number
  /** Likelihood ratio at the decision (or at the end when undecided). */
  readonly ratio: number
}

/**
 * Runs the walk over first-contact outcomes in time order (true = success, false = failure) and returns where
 * it decided "scanner", if it did.
 */
export function thresholdRandomWalk(outcomes: ArrayLike<boolean>, p: TrwParams = TRW_DEFAULTS): TrwResult {
  const theta0 = clamp(p.theta0)
  const theta1 = Math.min(clamp(p.theta1), theta0 - 1e-6)
  const eta1 = clamp(p.detection) / clamp(p.falsePositive)
  const eta0 = (1 - clamp(p.detection)) / (1 - clamp(p.falsePositive))
  const onSuccess = theta1 / theta0
  const onFailure = (1 - theta1) / (1 - theta0)
  let ratio = 1
  for (let i = 0; i < outcomes.length; i++) {
    ratio *= outcomes[i] ? onSuccess : onFailure
    if (ratio >= eta1) return { decidedAt: i, ratio }
    if (ratio <= eta0) ratio = 1
  }
  return { decidedAt: -1, ratio }
}

function clamp(x: number): number {
  return Math.min(1 - 1e-6, Math.max(1e-6, Number.isFinite(x) ? x : 0.5))
}

/** Largest number of times within any window of `seconds` (times sorted ascending); returns [count, startIndex]. */
export function maxInWindow(times: ArrayLike<number>, seconds: number): [number, number] {
  let best = 0
  let bestStart = 0
  let lo = 0
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] > seconds) lo++
    if (hi - lo + 1 > best) {
      best = hi - lo + 1
      bestStart = lo
    }
  }
  return [best, bestStart]
}
