// Figure: the quality of the browser's recommendations (web/src/lib/recommend.ts), offline, on a generated catalogue
// with known clusters — the held-out next video of each simulated viewer, found in the top 10 or not (hit rate @10).
//
// The catalogue (seeded, so every run sees the same one): CLUSTERS topics of VIDEOS_PER_CLUSTER videos each; a topic has
// its creators, its words and its tags, and half the topics a community channel that released some of its videos; a
// few "generalist" creators post across topics, some tags are borrowed from other topics, and every title mixes in
// common words — so the clusters are real but not trivially separable. A viewer has a favourite topic and watches six
// videos, each from that topic with probability IN_TOPIC, else from anywhere; the first five are the history, the sixth
// is held out. Recommendations are ranked from two candidate pools: the whole catalogue (the ranking's own quality) and
// what the web's Up next asks the indexer for (the newest 100 plus the last watched video's creator's and channel's 50:
// what viewers actually get). Baselines on the same pools, same run: newest first, and a random 10. The ceiling is about
// IN_TOPIC: an off-topic sixth video cannot be predicted from the history.
import { type Candidate, recommend, type Watched, watchedOf, wordsOf } from "../../web/src/lib/recommend.ts";
import { judge, type Result } from "./report.ts";
import { prng } from "./util.ts";

const CLUSTERS = 40;
const VIDEOS_PER_CLUSTER = 50;
const VIEWERS = 2000;
const WATCHES = 6;
const IN_TOPIC = 0.8;
const TOP = 10;

interface Generated extends Candidate {
  topic: number;
}

function generate(random: () => number) {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const address = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
  const common = Array.from({ length: 300 }, (_, i) => `common${i}`);
  const generalists = Array.from({ length: 5 }, (_, i) => address(100_000 + i));
  const videos: Generated[] = [];
  let id = 0;
  for (let topic = 0; topic < CLUSTERS; topic++) {
    const creators = Array.from({ length: 3 }, (_, i) => address(topic * 10 + i + 1));
    const words = Array.from({ length: 12 }, (_, i) => `topic${topic}word${i}`);
    const tags = Array.from({ length: 4 }, (_, i) => `t${topic}-${i}`);
    const channel = topic % 2 === 0 ? String(topic + 1) : null;
    for (let n = 0; n < VIDEOS_PER_CLUSTER; n++) {
      const title = [pick(words), pick(words), pick(common), pick(common)].join(" ");
      const description = [pick(words), pick(common), pick(common), pick(common)].join(" ");
      const own = [pick(tags), ...(random() < 0.5 ? [pick(tags)] : [])];
      const borrowed = random() < 0.2 ? [`t${Math.floor(random() * CLUSTERS)}-${Math.floor(random() * 4)}`] : [];
      id++;
      videos.push({
        id: String(id),
        title,
        creator: random() < 0.1 ? pick(generalists) : pick(creators),
        channelId: channel !== null && random() < 0.4 ? channel : null,
        tags: [...new Set([...own, ...borrowed])],
        words: wordsOf(title, description),
        timestamp: Math.floor(random() * 1e8),
        topic,
      });
    }
  }
  return videos;
}

interface RecommendQuality {
  pool: "whole catalogue" | "the web's candidates";
  recommender: number;
  newest: number;
  random: number;
  viewers: number;
}

/** Hit rates @10 (0..1) of the recommender and the two baselines, on both candidate pools. */
function measureRecommendations(seed = 13): RecommendQuality[] {
  const random = prng(seed);
  const videos = generate(random);
  const byTopic = Array.from({ length: CLUSTERS }, (_, t) => videos.filter((v) => v.topic === t));
  const newestFirst = [...videos].sort((a, b) => b.timestamp - a.timestamp);
  const newest100 = newestFirst.slice(0, 100);
  const hits = {
    whole: { recommender: 0, newest: 0, random: 0 },
    web: { recommender: 0, newest: 0, random: 0 },
  };
  for (let viewer = 0; viewer < VIEWERS; viewer++) {
    const topic = Math.floor(random() * CLUSTERS);
    const watches: Generated[] = [];
    while (watches.length < WATCHES) {
      const from = random() < IN_TOPIC ? byTopic[topic]! : videos;
      const video = from[Math.floor(random() * from.length)]!;
      if (!watches.includes(video)) watches.push(video);
    }
    const heldOut = watches.pop()!;
    const history: Watched[] = watches.map((w, i) => watchedOf(w, i + 1));
    const watched = new Set(watches.map((w) => w.id));
    const last = watches.at(-1)!;
    const webPool = [
      ...newest100,
      ...newestFirst.filter((v) => v.creator === last.creator).slice(0, 50),
      ...(last.channelId ? newestFirst.filter((v) => v.channelId === last.channelId).slice(0, 50) : []),
    ];
    for (const [name, pool] of [
      ["whole", videos],
      ["web", webPool],
    ] as const) {
      const top = recommend(history, pool, { limit: TOP }).map((r) => r.candidate.id);
      // As the web does: when fewer resemble the history, the newest fill the rest.
      for (const v of newestFirst) {
        if (top.length >= TOP) break;
        if (!watched.has(v.id) && !top.includes(v.id) && pool.includes(v)) top.push(v.id);
      }
      if (top.includes(heldOut.id)) hits[name].recommender++;
      const unseen = [...new Map(pool.map((v) => [v.id, v])).values()].filter((v) => !watched.has(v.id));
      const newest = unseen.sort((a, b) => b.timestamp - a.timestamp).slice(0, TOP);
      if (newest.some((v) => v.id === heldOut.id)) hits[name].newest++;
      // A random 10 of the pool, in expectation: 10 / pool size when the held-out video is in the pool.
      if (unseen.some((v) => v.id === heldOut.id)) hits[name].random += Math.min(1, TOP / unseen.length);
    }
  }
  return (["whole", "web"] as const).map((name) => ({
    pool: name === "whole" ? "whole catalogue" : "the web's candidates",
    recommender: hits[name].recommender / VIEWERS,
    newest: hits[name].newest / VIEWERS,
    random: hits[name].random / VIEWERS,
    viewers: VIEWERS,
  }));
}

/** The figure for `npm run bench`: one result per candidate pool, the recommender against newest-first. */
export function benchRecommend(): Result[] {
  return measureRecommendations().map((q) =>
    judge({
      id: q.pool === "whole catalogue" ? "recommend-hit-rate-catalogue" : "recommend-hit-rate-web",
      name: `Recommendations: hit rate @${TOP} of the next video (${q.pool})`,
      baseline: {
        label: "newest first",
        value: q.newest * 100,
        unit: "%",
        statistic: "median",
        samples: [q.newest * 100],
      },
      measured: {
        label: "recommender",
        value: q.recommender * 100,
        unit: "%",
        statistic: "median",
        samples: [q.recommender * 100],
      },
      ratioDefinition: "recommender / newest first",
      ratio: q.recommender / Math.max(q.newest, 1 / q.viewers),
      notes: `Offline, seeded: ${CLUSTERS} topics × ${VIDEOS_PER_CLUSTER} videos, ${VIEWERS} viewers watching ${WATCHES} videos each (${Math.round(IN_TOPIC * 100)} % in their topic; the last one held out, so the ceiling is about ${Math.round(IN_TOPIC * 100)} %); a random ${TOP} would hit ${(q.random * 100).toFixed(1)} %. scripts/bench/recommend.ts.`,
      details: {
        random: q.random,
        clusters: CLUSTERS,
        videosPerCluster: VIDEOS_PER_CLUSTER,
        viewers: VIEWERS,
        inTopic: IN_TOPIC,
      },
    }),
  );
}
