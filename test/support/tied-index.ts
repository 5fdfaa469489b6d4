import { loadKnowledge } from '../../src/knowledge/load';
import { NO_MODELS, QaIndex } from '../../src/knowledge/search';

/**
 * An index where the campaign-venue rule (tergantung) is given the facilities rule's text, so
 * nothing tells the two apart but the user: a clarifying question every time. Retrieval alone: the
 * topic model has learnt the facilities rule's phrasings and would pick it. A natural tie would not
 * last: the content moves under it.
 */
export function tiedIndex(): QaIndex {
  const kb = loadKnowledge();
  const facilities = kb.byId.get('fasilitas-kantor')!;
  const venue = kb.byId.get('kampanye-kantor-sekolah')!;
  const twin = { ...facilities, id: venue.id, verdict: venue.verdict, label: venue.label };
  const topics = kb.topics.map((t) => (t.id === venue.id ? twin : t));
  return new QaIndex(
    { ...kb, topics, byId: new Map(topics.map((t) => [t.id, t])) },
    undefined,
    undefined,
    undefined,
    NO_MODELS,
  );
}
