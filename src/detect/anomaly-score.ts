/**
 * Unsupervised anomaly score: an isolation forest (isolation-forest.ts) over per-flow features (duration, bytes
 * and packets each way, byte asymmetry, failure, port class, timing regularity, payload entropy, handshake RTT,
 * retransmissions), grown on a sample of all the input's flows and scoring the flows after the baseline period
 * (all flows without a baseline). The most anomalous flows above `threshold` are reported, grouped per source,
 * with the features that isolated them and how far each is from the training median.
 *
 * Every input has a minority of unusual but ordinary flows, and the more flows are scored the more of them
 * pass any fixed score. So the level a flow must pass is set from the reference flows' own tail (the baseline
 * period's flows, or all flows without a baseline): peaks over a high quantile u, taken as exponential with
 * their mean excess b (Pickands 1975; the exponential over-states a bounded score's tail, so it errs high), give
 * P(score > t) = p_u exp(-(t - u) / b); t is where that probability times the flows scored equals
 * `alarmsPerHour` times the hours scored (at least one): the expected false alarms per hour, not per flow, stay
 * in budget.
 */
import { FlowKind } from '../flows/flow-key.ts'
import { entropyBits } from '../flows/flow-features.ts'
import { Outcome } from '../baseline/flow-outcome.ts'
import { MAD_TO_SIGMA, mad, median } from '../baseline/robust-stats.ts'
import type { Alert } from './alert.ts'
import type { DetectContext } from './context.ts'
import type { Detector } from './detector.ts'
import { IsolationForest } from './isolation-forest.ts'

export type AnomalyParams = {
  threshold: number
  zThreshold: number
  trees: number
  subsample: number
  maxAlerts: number
  minTrainingFlows: number
  maxScored: number
  alarmsPerHour: number
}

/** Share of the reference flows above u, the start of the tail fit, and the fewest peaks the fit needs. */
const TAIL_SHARE = 0.1
const MIN_PEAKS = 10
/** Reference flows scored for the tail fit (an even sample beyond). */
const MAX_REFERENCE = 20_000
/** The highest isolation score there is (IsolationForest scores lie in [0, 1]). */
const MAX_SCORE = 1

/**
 * The score a flow must pass so that ordinary flows like the reference's cross it `budget` times in expectation
 * over `tested` flows: the exponential peaks-over-threshold level (file comment). `scores` need not be sorted.
 */
export function tailThreshold(scores: readonly number[], tested: number, budget: number): number {
  if (scores.length < 2 * MIN_PEAKS || tested <= 0 || !(budget > 0)) return Infinity
  // Descending; a typed sort then reverse (scores are plain finite numbers, so ties cannot be told apart).
  const sorted = Float64Array.from(scores).sort().reverse()
  const k = Math.max(MIN_PEAKS, Math.floor(TAIL_SHARE * sorted.length))
  const u = sorted[k]
  let excess = 0
  for (let i = 0; i < k; i++) excess += sorted[i] - u
  const b = Math.max(0.005, excess / k)
  const pWanted = budget / tested
  const pU = k / sorted.length
  return u + b * Math.max(0, Math.log(pU / pWanted))
}

export const FEATURES = [
  'log duration', 'log bytes sent', 'log bytes received', 'log packets sent', 'log packets received', 'byte asymmetry',
  'failed attempt', 'port class', 'timing irregularity', 'payload entropy', 'log handshake RTT', 'retransmitted share',
] as const

const DIMS = FEATURES.length

/** Writes flow `id`'s features to out[at .. at + DIMS). */
export function flowFeatures(ctx: DetectContext, id: number, out: Float64Array, at: number): void {
  writeFeatures(ctx, [id], 0, 1, 1, out, at)
}

/**
 * The features of flows ids[from], ids[from + step], ... (n of them) into consecutive rows of `out` from
 * `outAt`, in FEATURES order. The columns are held in locals: this runs over every scored flow once per
 * analysis, much of it before V8 optimises it, where each column read through the context costs.
 */
function writeFeatures(ctx: DetectContext, ids: ArrayLike<number>, from: number, step: number, n: number, out: Float64Array, outAt = 0): void {
  const c = ctx.c
  const outcomes = ctx.outcomes
  const respPort = c.respPort
  const iatMean = c.iatMean
  const iatStd = c.iatStd
  const handshakeRtt = c.handshakeRtt
  const origPkts = c.origPkts
  const respPkts = c.respPkts
  const origBytes = c.origBytes
  const respBytes = c.respBytes
  const first = c.first
  const last = c.last
  const entropy = c.entropy
  const retransOrig = c.retransOrig
  const retransResp = c.retransResp
  for (let k = 0; k < n; k++) {
    const id = ids[from + k * step]
    const at = outAt + k * DIMS
    const port = respPort[id]
    const iatCv = Number.isFinite(iatMean[id]) && iatMean[id] > 0 && Number.isFinite(iatStd[id]) ? Math.min(5, iatStd[id] / iatMean[id]) : -1
    const rtt = handshakeRtt[id]
    const pkts = origPkts[id] + respPkts[id]
    out[at] = Math.log1p(Math.max(0, last[id] - first[id]))
    out[at + 1] = Math.log1p(origBytes[id])
    out[at + 2] = Math.log1p(respBytes[id])
    out[at + 3] = Math.log1p(origPkts[id])
    out[at + 4] = Math.log1p(respPkts[id])
    out[at + 5] = Math.log((origBytes[id] + 1) / (respBytes[id] + 1))
    out[at + 6] = outcomes[id] === Outcome.Failure ? 1 : 0
    out[at + 7] = port < 1024 ? 0 : port < 49152 ? 1 : 2
    out[at + 8] = iatCv
    out[at + 9] = entropyBits(entropy[id]) ?? -1
    out[at + 10] = Number.isFinite(rtt) ? Math.log1p(rtt * 1000) : -1
    out[at + 11] = pkts > 0 ? (retransOrig[id] + retransResp[id]) / pkts : 0
  }
}

/**
 * The eligible flows (IP, toward a single host), in id order. Flow id lists are typed arrays cut to length:
 * plain arrays grown by push leave their old stores behind, and a big input's lists outlive a young-generation
 * collection (promoted garbage is peak memory).
 */
function eligibleFlows(ctx: DetectContext): Int32Array {
  const kind = ctx.c.kind
  const respAddr = ctx.c.respAddr
  const classes = ctx.classes
  let n = 0
  const all = new Int32Array(ctx.count)
  for (let id = 0; id < ctx.count; id++) if (kind[id] === FlowKind.IP && classes.isHost(respAddr[id])) all[n++] = id
  return all.subarray(0, n)
}

export const anomalyScore: Detector<AnomalyParams> = {
  id: 'anomaly-score',
  name: 'Anomaly score',
  method: 'Isolation forest (Liu, Ting and Zhou 2008) over 12 flow features, with per-feature contributions from the isolation paths',
  categories: ['anomaly-score'],
  modes: 'both',
  optIn: false,
  params: {
    threshold: { default: 0.6, min: 0.5, max: 1, step: 0.01, label: 'Score', help: 'Isolation score (0..1) a flow must reach; ordinary flows score near 0.5 or below in varied traffic.' },
    zThreshold: { default: 5, min: 0, max: 100, step: 0.5, label: 'Stand-out', help: 'Robust z-score of the flow\'s isolation score among all scored flows: in uniform traffic every flow scores alike, and only a real outlier stands out.' },
    trees: { default: 32, min: 1, max: 1000, integer: true, label: 'Trees', help: 'More trees give steadier scores and cost more time.' },
    subsample: { default: 256, min: 16, max: 65536, integer: true, label: 'Subsample', help: 'Flows per tree (the paper\'s 256).' },
    maxAlerts: { default: 5, min: 1, max: 1000, integer: true, label: 'Alerts', help: 'Most anomalous sources reported.' },
    minTrainingFlows: { default: 200, min: 16, max: 1e7, integer: true, label: 'Training flows', help: 'Fewer flows to learn from and the score is not computed.' },
    alarmsPerHour: { default: 0.2, min: 1e-6, max: 1000, step: 0.05, label: 'False alarms per hour', help: 'Flows of ordinary traffic allowed over the score per hour scored: sets the score level from the tail of the reference flows\' scores.' },
    maxScored: { default: 150_000, min: 1000, max: 1e8, integer: true, label: 'Flows scored', help: 'Past this, an even sample of the flows is scored (time budget).' },
  },
  run(ctx, p) {
    const c = ctx.c
    const eligible = eligibleFlows(ctx)
    // Trained on the whole input, as the method intends (unsupervised, anomalies are rare): a forest grown on the
    // baseline period alone scores points beyond its range like its edge points, and misses what is new.
    const train = eligible.length >= p.minTrainingFlows ? eligible : eligible.subarray(0, 0)
    if (train.length === 0) return []
    // Each tree sees `subsample` flows; 10,000 training rows are plenty to draw them from and to take medians.
    const stride = Math.max(1, Math.floor(train.length / 10_000))
    const rows = Math.ceil(train.length / stride)
    const data = new Float64Array(rows * DIMS)
    writeFeatures(ctx, train, 0, stride, rows, data)
    const forest = new IsolationForest(data, rows, DIMS, { trees: p.trees, subsample: p.subsample, seed: 7 })
    const { before, atOrAfter: targets } = splitAt(eligible, c.first, ctx.compareFrom)
    const point = new Float64Array(DIMS)
    const level = Math.max(p.threshold, referenceLevel(ctx, forest, eligible, before, targets, p))
    // An isolation score is at most 1 (2^-x for a mean path length x >= 0): past that level no flow can be a hit,
    // and scoring the targets (most of this detector's time on a big input) would change nothing.
    if (!(level <= MAX_SCORE)) return []
    const scoreStride = Math.max(1, Math.ceil(targets.length / p.maxScored))
    const scored: number[] = []
    for (let k = 0; k < targets.length; k += scoreStride) scored.push(targets[k])
    // Flows well below the threshold after a few trees are not walked through the rest (their partial score
    // still counts for the median below).
    const scores = scoreFlows(ctx, forest, scored, level - 0.1)
    // The score distribution's centre and spread from an even sample (sorting every score is not needed).
    const sampleStep = Math.max(1, Math.floor(scores.length / 20_000))
    const sample = scores.filter((_, k) => k % sampleStep === 0)
    const center = median(sample)
    const spread = Math.max(MAD_TO_SIGMA * mad(sample, center), 0.01)
    const hits: { id: number; score: number }[] = []
    for (let k = 0; k < scored.length; k++) {
      if (scores[k] >= level && (scores[k] - center) / spread >= p.zThreshold) hits.push({ id: scored[k], score: scores[k] })
    }
    const bySrc = new Map<number, { id: number; score: number }[]>()
    for (const h of hits) {
      const src = c.origAddr[h.id]
      const list = bySrc.get(src)
      if (list === undefined) bySrc.set(src, [h])
      else list.push(h)
    }
    const ranked = [...bySrc].map(([src, list]) => ({ src, list: list.sort((a, b) => b.score - a.score) })).sort((a, b) => b.list[0].score - a.list[0].score).slice(0, p.maxAlerts)
    if (ranked.length === 0) return []
    // The training medians only appear in the alerts' explanations: taken when there is an alert to explain.
    const column = new Float64Array(rows)
    const medians = FEATURES.map((_, f) => {
      for (let k = 0; k < rows; k++) column[k] = data[k * DIMS + f]
      return median(column)
    })
    const contrib = new Float64Array(DIMS)
    return ranked.map(({ src, list }): Alert => {
      const top = list[0]
      flowFeatures(ctx, top.id, point, 0)
      forest.score(point, contrib)
      const order = FEATURES.map((name, f) => ({ name, f, share: contrib[f] })).sort((a, b) => b.share - a.share).slice(0, 3)
      const why = order.map((o) => `${o.name} ${(100 * o.share).toFixed(0)}% (${point[o.f].toFixed(2)} vs median ${medians[o.f].toFixed(2)})`).join(', ')
      return ctx.alert({
        detector: 'anomaly-score', category: 'anomaly-score', severity: top.score >= 0.75 ? 'low' : 'info', confidence: Math.min(0.8, 0.3 + (top.score - center) * 2),
        start: c.first[top.id], end: c.last[top.id], src: [src], dst: [...new Set(list.map((h) => c.respAddr[h.id]))].slice(0, 20), ports: [c.respPort[top.id]],
        metric: 'isolation score', unit: 'score', observed: top.score, baseline: center, baselineSource: 'self',
        evidence: list.slice(0, 200).map((h) => h.id), evidenceCount: list.length,
        explanation: `${list.length} flow${list.length === 1 ? '' : 's'} from ${ctx.addr(src)} stood out from the rest of the input (isolation score up to ${top.score.toFixed(2)} against a median of ${center.toFixed(2)}); features that isolated the top one: ${why}.`,
        mitre: null,
      })
    })
  },
}

/** Flows scored per batch: their features (CHUNK x 12 doubles, under 200 KiB) stay in cache while each tree is walked. */
const CHUNK = 2048

/**
 * forest.scoreAbove(features of flow, floor) for each flow of `ids`, in order (score() with floor -Infinity),
 * computed a chunk of flows at a time, tree by tree (IsolationForest.scoreManyAbove).
 */
function scoreFlows(ctx: DetectContext, forest: IsolationForest, ids: ArrayLike<number>, floor: number): number[] {
  const out: number[] = new Array<number>(ids.length)
  const points = new Float64Array(Math.min(CHUNK, ids.length) * DIMS)
  const chunkScores = new Float64Array(Math.min(CHUNK, ids.length))
  for (let from = 0; from < ids.length; from += CHUNK) {
    const n = Math.min(CHUNK, ids.length - from)
    writeFeatures(ctx, ids, from, 1, n, points)
    forest.scoreManyAbove(points, n, floor, chunkScores)
    for (let k = 0; k < n; k++) out[from + k] = chunkScores[k]
  }
  return out
}

/**
 * The score level that keeps ordinary flows within the hourly budget: the tail of the reference flows' scores
 * (those before the comparison start, or every eligible flow without a baseline or with too few before it).
 */
function referenceLevel(ctx: DetectContext, forest: IsolationForest, eligible: Int32Array, before: Int32Array, targets: Int32Array, p: AnomalyParams): number {
  if (targets.length === 0) return Infinity
  const c = ctx.c
  const reference = before.length >= 2 * MIN_PEAKS / TAIL_SHARE ? before : eligible
  const stride = Math.max(1, Math.ceil(reference.length / MAX_REFERENCE))
  const sampled: number[] = []
  for (let k = 0; k < reference.length; k += stride) sampled.push(reference[k])
  const scores = scoreFlows(ctx, forest, sampled, -Infinity)
  let from = Infinity
  let to = -Infinity
  for (let k = 0; k < targets.length; k++) {
    const id = targets[k]
    if (c.first[id] < from) from = c.first[id]
    if (c.last[id] > to) to = c.last[id]
  }
  // An input shorter than an hour gets an hour's budget: looking at it once may cost that many false alarms.
  const hours = Math.max(1, (to - from) / 3600)
  return tailThreshold(scores, targets.length, p.alarmsPerHour * hours)
}

/**
 * The ids of `ids` with first[id] < from (before) and with first[id] >= from (atOrAfter), each in order, as
 * typed arrays, in one loop (a NaN time passes neither test and is in neither list, as with the filters this
 * replaces). One loop, with no closure: this runs once per analysis, mostly before V8 optimises it.
 */
function splitAt(ids: Int32Array, first: Float64Array, from: number): { before: Int32Array; atOrAfter: Int32Array } {
  const before = new Int32Array(ids.length)
  const after = new Int32Array(ids.length)
  let nb = 0
  let na = 0
  for (let k = 0; k < ids.length; k++) {
    const t = first[ids[k]]
    if (t >= from) after[na++] = ids[k]
    else if (t < from) before[nb++] = ids[k]
  }
  return { before: before.subarray(0, nb), atOrAfter: after.subarray(0, na) }
}
