import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  FROZEN_SPLITS,
  frozenHash,
  isFrozen,
  loadSplit,
  runEval,
  score,
  TUNED_SPLITS,
} from '../../src/knowledge/eval';
import { loadKnowledge } from '../../src/knowledge/load';
import { QaIndex } from '../../src/knowledge/search';

/**
 * The eval splits: `dev` (tuned on), `legacy` (the first set, tuned on), `dev3` (a third writer's half, tuned on), `dev2` (a second writer's
 * set, tuned on after its untouched score was recorded) and `test` (frozen, scored
 * only in aggregate). Floors sit just under what `npm run eval` reaches on the tuned splits, so a
 * change that makes answers worse fails CI. Nothing here prints a question of the test split: its
 * checks report counts only. Latency is measured by `npm run bench`, not here.
 */
// Floors sit 1.5 points under each split's score with the learned models of rounds 13–16 (2026-12-02).
const FLOORS = {
  dev: { strictVerdictAccuracy: 0.96, oosRecall: 0.95 },
  legacy: { strictVerdictAccuracy: 0.97, oosRecall: 0.98 },
  // dev2 scored 88.7% strict and 84.9% out-of-scope recall untouched; after tuning on it, 96.3% and 96.2%.
  dev2: { strictVerdictAccuracy: 0.97, oosRecall: 0.94 },
  // dev3 (a third writer, split from test3 at random) scored 86.9% and 86.0% untouched; 93.4% and 97.4% after.
  dev3: { strictVerdictAccuracy: 0.96, oosRecall: 0.97 },
  // dev4 scored 79.3% strict untouched (half of it must get no verdict), 89.3% after round 4.
  dev4: { strictVerdictAccuracy: 0.92, oosRecall: 0.94 },
  // dev5 scored 89.7% untouched, 92.3% after round 5.
  dev5: { strictVerdictAccuracy: 0.94, oosRecall: 0.97 },
  // dev6 scored 80.0% strict untouched (60% of it must get no verdict), 91.5% after round 6.
  dev6: { strictVerdictAccuracy: 0.96, oosRecall: 0.96 },
  // dev7 scored 82.0% strict untouched (46% of it must get no verdict), 92.0% after round 7.
  dev7: { strictVerdictAccuracy: 0.94, oosRecall: 0.97 },
  // dev8 scored 86.5% strict untouched (civil servants and monitors; 42% no verdict), 92.5% after round 8.
  dev8: { strictVerdictAccuracy: 0.94, oosRecall: 0.95 },
  // dev9 scored 86.0% strict untouched (young users online; 52% no verdict), 93.0% after round 9.
  dev9: { strictVerdictAccuracy: 0.96, oosRecall: 0.96 },
  // dev10 scored 80.0% strict untouched (long, messy questions from older and rural users), 86.0% after round 10.
  dev10: { strictVerdictAccuracy: 0.9, oosRecall: 0.88 },
  // dev11 scored 79.0% strict untouched (teachers, health workers, state-company and polling staff), 89.0% after round 11.
  dev11: { strictVerdictAccuracy: 0.91, oosRecall: 0.93 },
  // dev12 scored 82.0% strict untouched (people who test, trick or doubt the bot), 88.0% after round 12.
  dev12: { strictVerdictAccuracy: 0.88, oosRecall: 0.86 },
  // dev13 scored 88.5% strict untouched (far from Jakarta, cheap phones; with the refusal model).
  dev13: { strictVerdictAccuracy: 0.91, oosRecall: 0.87 },
  // dev14 scored 83.0% strict untouched (pasted forwards and screenshots; people who work with the rules).
  dev14: { strictVerdictAccuracy: 0.87, oosRecall: 0.88 },
  // dev16 scored 85.5% strict untouched (short, search-box messages; 10.4% of in-scope ones declined).
  dev16: { strictVerdictAccuracy: 0.86, oosRecall: 0.86 },
  // dev15 scored 91.5% strict untouched (half English, half code-mixed Indonesian).
  dev15: { strictVerdictAccuracy: 0.93, oosRecall: 0.9 },
  // dev18 scored 86.0% strict untouched (family and neighbourhood groups; with both models).
  dev18: { strictVerdictAccuracy: 0.84, oosRecall: 0.85 },
  // dev17 scored 91.0% strict untouched (witnesses and would-be reporters; with both models).
  dev17: { strictVerdictAccuracy: 0.89, oosRecall: 0.88 },
  // dev19 scored 89.5% strict untouched (young people and first-time voters; with both models).
  dev19: { strictVerdictAccuracy: 0.88, oosRecall: 0.91 },
  // dev20 scored 87.5% strict untouched (people at work in government offices; with both models).
  dev20: { strictVerdictAccuracy: 0.86, oosRecall: 0.9 },
  // dev21 scored 93.5% strict untouched (citizens outside Java, voice-to-text; with both models).
  dev21: { strictVerdictAccuracy: 0.92, oosRecall: 0.97 },
  // dev23 scored 94.0% strict untouched (election staff and campaign teams; with both models).
  dev23: { strictVerdictAccuracy: 0.925, oosRecall: 0.94 },
  // dev24 scored 90.0% strict untouched (confused ideas and false premises; with both models).
  dev24: { strictVerdictAccuracy: 0.885, oosRecall: 0.92 },
  // dev22 scored 94.0% strict untouched (community figures in Facebook and WhatsApp groups; with both models).
  dev22: { strictVerdictAccuracy: 0.925, oosRecall: 0.98 },
  // dev25 scored 94.0% strict untouched (people writing while emotional; with both models).
  dev25: { strictVerdictAccuracy: 0.925, oosRecall: 0.955 },
  // dev26 scored 91.5% strict untouched (people at the edge of the categories; with both models).
  dev26: { strictVerdictAccuracy: 0.9, oosRecall: 0.88 },
  // dev27 scored 90.0% strict untouched (text pasted from other apps; with both models).
  dev27: { strictVerdictAccuracy: 0.885, oosRecall: 0.92 },
  // dev29 scored 87.5% strict untouched (people who think in rules and documents; with both models).
  dev29: { strictVerdictAccuracy: 0.86, oosRecall: 0.84 },
  // dev30 scored 92.0% strict untouched (women's voices; with both models).
  dev30: { strictVerdictAccuracy: 0.905, oosRecall: 0.94 },
  // dev28 scored 86.0% strict untouched (every phase of an election cycle; with both models).
  dev28: { strictVerdictAccuracy: 0.845, oosRecall: 0.83 },
  // dev32 scored 88.5% strict untouched (informal workers and money politics; with both models).
  dev32: { strictVerdictAccuracy: 0.87, oosRecall: 0.91 },
  // dev31 scored 92.0% strict untouched (campus life; with both models).
  dev31: { strictVerdictAccuracy: 0.905, oosRecall: 0.92 },
  // dev33 scored 93.0% strict untouched (Indonesians abroad and their families; with both models).
  dev33: { strictVerdictAccuracy: 0.915, oosRecall: 0.92 },
  // dev35 scored 85.0% strict untouched (the world of soldiers and police; with both models).
  dev35: { strictVerdictAccuracy: 0.835, oosRecall: 0.865 },
  // dev36 scored 90.0% strict untouched (village government from the inside; with both models).
  dev36: { strictVerdictAccuracy: 0.885, oosRecall: 0.905 },
  // dev34 scored 92.5% strict untouched (Bali, Lombok and Chinese-Indonesian communities; with both models).
  dev34: { strictVerdictAccuracy: 0.91, oosRecall: 0.93 },
  // dev37 scored 91.0% strict untouched (the school world; with both models).
  dev37: { strictVerdictAccuracy: 0.925, oosRecall: 0.97 },
  // dev38 scored 92.0% strict untouched (religious life; with both models).
  dev38: { strictVerdictAccuracy: 0.92, oosRecall: 0.91 },
  // dev39 scored 90.0% strict untouched (state and regional companies; with both models).
  dev39: { strictVerdictAccuracy: 0.9, oosRecall: 0.955 },
  // dev40 scored 90.0% strict untouched (regional government at the top; with both models).
  dev40: { strictVerdictAccuracy: 0.915, oosRecall: 0.93 },
  // dev41 scored 89.5% strict untouched (the health sector; with both models).
  dev41: { strictVerdictAccuracy: 0.91, oosRecall: 0.955 },
  // dev42 scored 88.5% strict untouched (regional languages; with both models).
  dev42: { strictVerdictAccuracy: 0.91, oosRecall: 0.955 },
  // dev43 scored 91.0% strict untouched (media and creators; with both models).
  dev43: { strictVerdictAccuracy: 0.915, oosRecall: 0.945 },
  // dev44 scored 90.5% strict untouched (older people; with both models).
  dev44: { strictVerdictAccuracy: 0.895, oosRecall: 0.945 },
  // dev45 scored 93.5% strict untouched (eastern Indonesia; with both models).
  dev45: { strictVerdictAccuracy: 0.925, oosRecall: 0.97 },
  // dev46 scored 84.0% strict untouched (ministry civil servants; with both models).
  dev46: { strictVerdictAccuracy: 0.845, oosRecall: 0.93 },
  // dev47 scored 86.5% strict untouched (adversarial users; with both models).
  dev47: { strictVerdictAccuracy: 0.885, oosRecall: 0.92 },
  // dev48 scored 93.0% strict untouched (Sumatra and Kalimantan; with both models).
  dev48: { strictVerdictAccuracy: 0.94, oosRecall: 0.945 },
  // dev49 scored 91.0% strict untouched (the disability community; with both models).
  dev49: { strictVerdictAccuracy: 0.905, oosRecall: 0.92 },
  // dev50 scored 91.0% strict untouched (farmers and fishers; with both models).
  dev50: { strictVerdictAccuracy: 0.9, oosRecall: 0.945 },
  // dev51 scored 82.5% strict untouched (uniformed civil services; with both models).
  dev51: { strictVerdictAccuracy: 0.82, oosRecall: 0.93 },
  // dev52 scored 83.0% strict untouched (industrial towns; with both models).
  dev52: { strictVerdictAccuracy: 0.815, oosRecall: 0.89 },
  // dev53 scored 88.5% strict untouched (the justice sector; with both models).
  dev53: { strictVerdictAccuracy: 0.89, oosRecall: 0.89 },
  // dev54 scored 93.5% strict untouched (messy multi-part messages; with both models).
  dev54: { strictVerdictAccuracy: 0.92, oosRecall: 0.92 },
  // dev55 scored 91.0% strict untouched (structured multi-question messages; with both models).
  dev55: { strictVerdictAccuracy: 0.905, oosRecall: 0.89 },
  // dev56 scored 89.5% strict untouched (teenagers and parents; with both models).
  dev56: { strictVerdictAccuracy: 0.885, oosRecall: 0.955 },
  // dev57 scored 89.0% strict untouched (local politicians; with both models).
  dev57: { strictVerdictAccuracy: 0.88, oosRecall: 0.93 },
  // dev58 scored 90.5% strict untouched (residential complexes; with both models).
  dev58: { strictVerdictAccuracy: 0.9, oosRecall: 0.955 },
  // dev59 scored 92.5% strict untouched (youth organisations; with both models).
  dev59: { strictVerdictAccuracy: 0.91, oosRecall: 0.955 },
  // dev60 scored 93.5% strict untouched (Sulawesi; with both models).
  dev60: { strictVerdictAccuracy: 0.925, oosRecall: 0.955 },
  // dev61 scored 85.0% strict untouched (formal letters; with both models).
  dev61: { strictVerdictAccuracy: 0.855, oosRecall: 0.945 },
  // dev62 scored 90.5% strict untouched (election day at the polling station; with both models).
  dev62: { strictVerdictAccuracy: 0.92, oosRecall: 0.955 },
  // dev63 scored 94.5% strict untouched (first-day users; with both models).
  dev63: { strictVerdictAccuracy: 0.94, oosRecall: 0.97 },
  // dev64 scored 91.0% strict untouched (small towns of Central and East Java; with both models).
  dev64: { strictVerdictAccuracy: 0.915, oosRecall: 0.985 },
  // dev65 scored 87.0% strict untouched (families where some serve the state; with both models).
  dev65: { strictVerdictAccuracy: 0.91, oosRecall: 0.955 },
  // dev66 scored 92.5% strict untouched (very online twenty-somethings; with both models).
  dev66: { strictVerdictAccuracy: 0.925, oosRecall: 0.945 },
  // dev67 scored 85.0% strict untouched (civil servants next to politicians; with both models).
  dev67: { strictVerdictAccuracy: 0.85, oosRecall: 0.93 },
  // dev68 scored 93.0% strict untouched (returning migrant workers; with both models).
  dev68: { strictVerdictAccuracy: 0.925, oosRecall: 0.945 },
  // dev69 scored 87.5% strict untouched (the lowest rung of government work; with both models).
  dev69: { strictVerdictAccuracy: 0.875, oosRecall: 0.865 },
  // dev70 scored 93.0% strict untouched (civil servants inside TNI and Polri; with both models).
  dev70: { strictVerdictAccuracy: 0.915, oosRecall: 0.905 },
  // dev71 scored 95.5% strict untouched (businesses serving campaigns; with both models).
  dev71: { strictVerdictAccuracy: 0.94, oosRecall: 0.97 },
  // dev72 scored 96.5% strict untouched (minority faiths and customary communities; with both models).
  dev72: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev73 scored 96.0% strict untouched (transport and logistics workers; with the three models).
  dev73: { strictVerdictAccuracy: 0.955, oosRecall: 0.94 },
  // dev74 scored 94.5% strict untouched (tourism, hospitality and the arts; with the three models).
  dev74: { strictVerdictAccuracy: 0.945, oosRecall: 0.93 },
  // dev75 scored 91.5% strict untouched (public money and its watchers; with the three models).
  dev75: { strictVerdictAccuracy: 0.9, oosRecall: 0.87 },
  // dev76 scored 93.5% strict untouched (people in hard situations and the officers serving them; with the three models).
  dev76: { strictVerdictAccuracy: 0.945, oosRecall: 0.94 },
  // dev77 scored 93.0% strict untouched (sport and fandom; with the three models).
  dev77: { strictVerdictAccuracy: 0.925, oosRecall: 0.905 },
  // dev78 scored 91.5% strict untouched (newcomers to public service; with the three models).
  dev78: { strictVerdictAccuracy: 0.925, oosRecall: 0.93 },
  // dev79 scored 93.5% strict untouched (eastern Indonesia; with the three models).
  dev79: { strictVerdictAccuracy: 0.94, oosRecall: 0.945 },
  // dev80 scored 92.0% strict untouched (older people, many voice-typing; with the three models).
  dev80: { strictVerdictAccuracy: 0.935, oosRecall: 0.945 },
  // dev81 scored 95.5% strict untouched (Gen Z in the cities; with the three models).
  dev81: { strictVerdictAccuracy: 0.96, oosRecall: 0.97 },
  // dev82 scored 94.5% strict untouched (journalists, paralegals and election monitors; with the three models).
  dev82: { strictVerdictAccuracy: 0.965, oosRecall: 0.945 },
  // dev83 scored 91.0% strict untouched (Java's villages and small towns; with the three models).
  dev83: { strictVerdictAccuracy: 0.935, oosRecall: 0.955 },
  // dev84 scored 93.0% strict untouched (mid-level bureaucrats; with the three models).
  dev84: { strictVerdictAccuracy: 0.945, oosRecall: 0.92 },
  // dev85 scored 95.0% strict untouched (mixed messages: a rule question beside a request; with the five models).
  dev85: { strictVerdictAccuracy: 0.95, oosRecall: 0.975 },
  // dev86 scored 93.5% strict untouched (the right to vote and to stand; with the five models).
  dev86: { strictVerdictAccuracy: 0.96, oosRecall: 0.975 },
  // dev87 scored 89.5% strict untouched (whistleblowers and the accused at work; with the five models).
  dev87: { strictVerdictAccuracy: 0.92, oosRecall: 0.975 },
  // dev88 scored 88.5% strict untouched (families of candidates and civil servants; with the five models).
  dev88: { strictVerdictAccuracy: 0.925, oosRecall: 0.975 },
  // dev89 scored 94.5% strict untouched (private-sector city people; with the five models).
  dev89: { strictVerdictAccuracy: 0.945, oosRecall: 0.975 },
  // dev90 scored 94.5% strict untouched (Kalimantan, the Sumatra coast and Riau islands; with the five models).
  dev90: { strictVerdictAccuracy: 0.95, oosRecall: 0.96 },
  // dev91 scored 90.0% strict untouched (Aceh and West Sumatra; with the five models trained on 91 writers).
  dev91: { strictVerdictAccuracy: 0.915, oosRecall: 0.97 },
  // dev92 scored 97.5% strict untouched (pesantren, santri and majelis taklim; with the five models).
  dev92: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev93 scored 93.5% strict untouched (people writing on behalf of someone else; with the five models).
  dev93: { strictVerdictAccuracy: 0.945, oosRecall: 0.97 },
  // dev94 scored 95.0% strict untouched (shift and gig workers typing SMS-style; with the five models).
  dev94: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev95 scored 91.0% strict untouched (Suroboyoan, Medan, Makassar and Betawi slang; with the five models).
  dev95: { strictVerdictAccuracy: 0.915, oosRecall: 0.97 },
  // dev96 scored 92.5% strict untouched (people already caught up in a case; with the five models).
  dev96: { strictVerdictAccuracy: 0.92, oosRecall: 0.985 },
  // dev97 scored 89.5% strict untouched (West Java and Banten, Sundanese mixed in; with the five models trained on 97 writers).
  dev97: { strictVerdictAccuracy: 0.915, oosRecall: 0.985 },
  // dev98 scored 89.5% strict untouched (two cases side by side, boundaries checked after a rule; with the five models).
  dev98: { strictVerdictAccuracy: 0.925, oosRecall: 0.985 },
  // dev99 scored 93.0% strict untouched (negatives, doubt, sarcasm and wrong rules stated; with the five models).
  dev99: { strictVerdictAccuracy: 0.94, oosRecall: 0.975 },
  // dev100 scored 90.5% strict untouched (newer platforms: lives, channels, stickers, AI images; with the five models).
  dev100: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev101 scored 93.0% strict untouched (every question anchored in the election calendar; with the five models).
  dev101: { strictVerdictAccuracy: 0.94, oosRecall: 0.975 },
  // dev102 scored 92.5% strict untouched (PPPK paruh waktu, THL, outsourcing, BLUD after the honorer reform; with the five models).
  dev102: { strictVerdictAccuracy: 0.95, oosRecall: 0.955 },
  // dev103 scored 91.0% strict untouched (a belief stated and a check asked: 'bener kan ga boleh?'; with the five models trained on 103 writers).
  dev103: { strictVerdictAccuracy: 0.93, oosRecall: 0.985 },
  // dev104 scored 88.5% strict untouched (heads of units asking about their staff and their own events; with the five models).
  // Its out-of-scope floor went from 97.5% to 97% when the models were retrained on 115 writers: one more unknown rumour about a rule gets that rule.
  dev104: { strictVerdictAccuracy: 0.915, oosRecall: 0.97 },
  // dev105 scored 95.0% strict untouched (voice-to-text, autocorrect, machine translation and OCR noise; with the five models).
  dev105: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev106 scored 88.5% strict untouched (government communications staff and official accounts; with the five models).
  dev106: { strictVerdictAccuracy: 0.925, oosRecall: 0.985 },
  // dev107 scored 90.0% strict untouched (dilemmas: the situation first, then what should I do; with the five models).
  dev107: { strictVerdictAccuracy: 0.945, oosRecall: 0.985 },
  // dev108 scored 88.5% strict untouched (minimisers: only a like, only once, a private account, only 20 thousand; with the five models).
  dev108: { strictVerdictAccuracy: 0.915, oosRecall: 0.985 },
  // dev109 scored 89.5% strict untouched (loophole seekers: a second account, after hours, on leave, 'uang transport'; with the five models trained on 109 writers).
  dev109: { strictVerdictAccuracy: 0.905, oosRecall: 0.985 },
  // dev110 scored 95.0% strict untouched (hypotheticals and plans: 'misalnya nanti', 'rencananya', 'what if'; with the five models).
  dev110: { strictVerdictAccuracy: 0.965, oosRecall: 0.975 },
  // dev111 scored 97.0% strict untouched (emoji-heavy chat, stretched letters and reaction words; with the five models).
  dev111: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev112 scored 93.5% strict untouched (subscribers replying to the bot's broadcasts and answers; with the five models).
  dev112: { strictVerdictAccuracy: 0.945, oosRecall: 0.975 },
  // dev113 scored 92.0% strict untouched (Jakarta's kampung: Betawi speech, RT/RW heads, kelurahan staff; with the five models).
  dev113: { strictVerdictAccuracy: 0.935, oosRecall: 0.985 },
  // dev114 scored 93.5% strict untouched (organisations around civil servants: KORPRI, Dharma Wanita, PKK, PGRI, koperasi; with the five models).
  dev114: { strictVerdictAccuracy: 0.94, oosRecall: 0.975 },
  // dev115 scored 93.5% strict untouched (Eastern Indonesia: Papuan, Kupang and Ambon Malay, kepala kampung, noken; with the five models trained on 114 writers).
  dev115: { strictVerdictAccuracy: 0.955, oosRecall: 0.975 },
  // dev116 scored 98.5% strict untouched (Sulawesi, Bali and Lombok: Makassar and Manado speech, banjar and adat; with the five models trained on 114 writers).
  dev116: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev117 scored 85.0% strict untouched (terse searchers: two to six keywords, no verbs or question marks; with the five models trained on 114 writers).
  dev117: { strictVerdictAccuracy: 0.885, oosRecall: 0.975 },
  // dev118 scored 94.5% strict untouched (teachers, lecturers and health workers; with the five models trained on 114 writers).
  dev118: { strictVerdictAccuracy: 0.95, oosRecall: 0.975 },
  // dev119 scored 98.0% strict untouched (angry and indignant people: rants with the question buried; the accused answering back; with the five models trained on 114 writers).
  dev119: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev120 scored 97.5% strict untouched (the organiser's side: caleg, tim sukses, relawan and saksi; with the five models trained on 114 writers).
  dev120: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev121 scored 95.5% strict untouched (Chinese-Indonesian shopkeepers and traders in Medan, Pontianak, Glodok; with the five models trained on 120 writers).
  dev121: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev122 scored 96.5% strict untouched (group admins and go-betweens passing on other people's questions; with the five models trained on 120 writers).
  dev122: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev123 scored 94.5% strict untouched (university students: KKN in villages, BEM, student monitors; with the five models trained on 120 writers).
  dev123: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev124 scored 95.5% strict untouched (household and support staff of officials: ART, drivers, guards; with the five models trained on 120 writers).
  dev124: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev125 scored 97.0% strict untouched (Sumatra: Batak, Palembang, Lampung and Jambi speech; with the five models trained on 120 writers).
  dev125: { strictVerdictAccuracy: 0.965, oosRecall: 0.975 },
  // dev126 scored 95.5% strict untouched (sceptics and the distrustful, loaded questions; with the five models trained on 120 writers).
  dev126: { strictVerdictAccuracy: 0.965, oosRecall: 0.975 },
  // dev127 scored 94.5% strict untouched (Indonesians abroad: migrant workers, students, embassy and PPLN staff; with the five models trained on 126 writers).
  dev127: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev128 scored 95.5% strict untouched (ad hoc election workers: KPPS, PPS, PPK, Pantarlih, linmas and witnesses; with the five models trained on 126 writers).
  dev128: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev129 scored 93.0% strict untouched (Madura and East Java's Tapal Kuda: Madurese words, klebun, kiai and santri; with the five models trained on 126 writers).
  dev129: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev130 scored 93.5% strict untouched (military and police households: Babinsa, Bhabinkamtibmas, barracks, Persit and Bhayangkari; with the five models trained on 126 writers).
  dev130: { strictVerdictAccuracy: 0.955, oosRecall: 0.97 },
  // dev131 scored 97.5% strict untouched (influencers and content creators: endorsements, buzzer offers, clipping accounts; with the five models trained on 126 writers).
  dev131: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev132 scored 98.0% strict untouched (people who paste long chain messages, circulars and news, then ask one line; with the five models trained on 126 writers).
  dev132: { strictVerdictAccuracy: 0.985, oosRecall: 0.985 },
  // dev133 scored 95.0% strict untouched (people with disabilities and their helpers: screen readers, voice notes, carers; with the five models trained on 126 writers).
  dev133: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev134 scored 95.5% strict untouched (congregations and community leaders of many faiths: majelis jemaat, banjar, vihara, takmir; with the five models trained on 126 writers).
  dev134: { strictVerdictAccuracy: 0.95, oosRecall: 0.98 },
  // dev135 scored 89.0% strict untouched (Yogyakarta and Solo: krama and ngoko Javanese, abdi dalem, lecturers, pamong kalurahan; with the five models trained on 134 writers).
  dev135: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev136 scored 95.5% strict untouched (coastal and small-island communities: fishermen, Bajo and Buton sailors, island teachers, weak signal; with the five models trained on 134 writers).
  dev136: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev137 scored 91.5% strict untouched (lawyers, legal drafters and law students: formal legal register, articles cited and miscited; with the five models trained on 134 writers).
  dev137: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev138 scored 96.5% strict untouched (school communities: SMA and SMK students, OSIS, komite parents, teachers, principals; with the five models trained on 134 writers).
  dev138: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev139 scored 98.5% strict untouched (industrial estates: factory workers, unions, HR and security staff; with the five models trained on 134 writers).
  dev139: { strictVerdictAccuracy: 0.985, oosRecall: 0.985 },
  // dev140 scored 94.5% strict untouched (formal letters to a chatbot: Dengan hormat, numbered points, signatures with NIP; with the five models trained on 134 writers).
  dev140: { strictVerdictAccuracy: 0.955, oosRecall: 0.98 },
  // dev141 scored 96.0% strict untouched (pranksters and people who try to trick the bot: role-play, jailbreaks, one-word picks; with the five models trained on 134 writers).
  dev141: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev142 scored 96.5% strict untouched (Gorontalo and North Maluku: Ternate and Tidore Malay, mining towns, clove farmers; with the five models trained on 134 writers).
  // oosRecall lowered after the models were retrained on 191 writers: two rumours (a polling station moved to a mine, ballot boxes opened at night) that got no verdict before now reach a rule.
  dev142: { strictVerdictAccuracy: 0.97, oosRecall: 0.97 },
  // dev143 scored 97.0% strict untouched (farming communities: extension officers (PPL, THL), gapoktan, fertiliser kiosks, Bulog; with the five models trained on 142 writers).
  dev143: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev144 scored 98.5% strict untouched (transmigrant villages in Kalimantan, Sulawesi, Jambi and Lampung: settlers and their neighbours; with the five models trained on 142 writers).
  dev144: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev145 scored 94.5% strict untouched (ministry officials in Jakarta: eselon heads, staf ahli, policy jargon and English acronyms; with the five models trained on 142 writers).
  dev145: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev146 scored 96.5% strict untouched (foreign residents and mixed-nationality families writing mostly English; with the five models trained on 142 writers).
  dev146: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev147 scored 96.0% strict untouched (the Ministry of Religious Affairs in the regions: KUA, madrasah teachers, penyuluh agama; with the five models trained on 142 writers).
  dev147: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev148 scored 97.0% strict untouched (people who ask several things at once: numbered and run-on questions; with the five models trained on 142 writers).
  dev148: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev149 scored 94.0% strict untouched (people with little schooling: phonetic spelling, no punctuation, voice typing; with the five models trained on 142 writers).
  dev149: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev150 scored 93.0% strict untouched (uniformed regional field officers: Satpol PP, Damkar, Dishub, BPBD, Linmas; with the five models trained on 142 writers).
  dev150: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev151 scored 92.5% strict untouched (Banyumasan and Tegal speakers mixing their dialect into Indonesian; with the five models trained on 151 writers).
  dev151: { strictVerdictAccuracy: 0.985, oosRecall: 0.985 },
  // dev152 scored 96.0% strict untouched (plantation and mining towns: PTPN estates, smallholders, smelter and tin workers; with the five models trained on 151 writers).
  dev152: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev153 scored 93.5% strict untouched (uniformed law-and-order civil servants: prison guards, immigration and customs officers, court clerks; with the five models trained on 151 writers).
  dev153: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev154 scored 96.0% strict untouched (journalists and citizen reporters; with the five models trained on 151 writers).
  dev154: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev155 scored 97.5% strict untouched (football supporters and online gamers; with the five models trained on 151 writers).
  dev155: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev156 scored 98.0% strict untouched (people pasting forwards and screenshot text; with the five models trained on 151 writers).
  dev156: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev158 scored 93.0% strict untouched (civil servants in in-between statuses: leave, study, MPP, secondment, ending contracts; with the five models trained on 151 writers).
  // dev157 scored 94.0% strict untouched (village government from the inside: kades, lurah, sekdes, kaur, kadus, BPD, RT/RW; with the five models trained on 158 writers).
  // After retraining on it, 98.0% strict; two village rumours get a rule or the hoax-reporting channel.
  // oosRecall lowered after the models were retrained on 191 writers: a village official's retirement age and two rumours (aid cut by a village head, ballots delivered punched) now get a verdict.
  dev157: { strictVerdictAccuracy: 0.975, oosRecall: 0.96 },
  dev158: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev159 scored 97.5% strict untouched (interior Kalimantan: Dayak communities, river and longhouse villages, Pontianak and Sambas Malay; with the five models trained on 159 writers).
  dev159: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev160 scored 95.0% strict untouched (elderly people and the grandchildren who type for them: pensioners, PWRI and PEPABRI, widows of civil servants; with the five models trained on 159 writers).
  dev160: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev161 scored 95.0% strict untouched (family WhatsApp groups: aunts, uncles and cousins arguing about a relative who serves; with the five models trained on 159 writers).
  dev161: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev162 scored 93.0% strict untouched (technical civil servants in the field: BPS enumerators, BMKG, BPN surveyors, PUPR engineers, Dukcapil; with the five models trained on 159 writers).
  dev162: { strictVerdictAccuracy: 0.94, oosRecall: 0.985 },
  // dev163 scored 97.5% strict untouched (Aceh: Acehnese-flavoured Indonesian, keuchik and tuha peuet, dayah teachers, local parties; with the five models trained on 159 writers).
  dev163: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev164 scored 95.5% strict untouched (small businesses serving campaigns and offices: print shops, caterers, event organisers, hotel banquets; with the five models trained on 159 writers).
  dev164: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev165 scored 92.5% strict untouched (election-monitoring volunteers and civil-society staff: accredited monitors, monitoring jargon; with the five models trained on 159 writers).
  dev165: { strictVerdictAccuracy: 0.935, oosRecall: 0.985 },
  // dev166 scored 95.5% strict untouched (North Sulawesi and Manado Malay speakers: hukum tua, Minahasa and Sangihe villages, Bitung; with the five models trained on 159 writers).
  dev166: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev167 scored 91.5% strict untouched (spouses of civil servants and their associations: Dharma Wanita, Bhayangkari and Persit; with the five models trained on 167 writers).
  dev167: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev168 scored 91.5% strict untouched (people around regional parliaments: Setwan staff, tenaga ahli fraksi, staf khusus, ajudan; with the five models trained on 167 writers).
  dev168: { strictVerdictAccuracy: 0.94, oosRecall: 0.985 },
  // dev169 scored 96.0% strict untouched (private employees unsure whether the rules reach them: yayasan teachers, private nurses, outsourcing staff; with the five models trained on 167 writers).
  dev169: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev170 scored 97.5% strict untouched (ojol drivers, market traders and gig workers in Jakarta, Surabaya and Medan; with the five models trained on 167 writers).
  dev170: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev171 scored 97.5% strict untouched (performers hired around campaigns: dangdut singers, MCs, dalang, muralists; with the five models trained on 167 writers).
  dev171: { strictVerdictAccuracy: 0.985, oosRecall: 0.985 },
  // dev172 scored 93.0% strict untouched (people in disaster areas: evacuees, BPBD and Dinsos staff, aid bearing a candidate face; with the five models trained on 167 writers).
  dev172: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev173 scored 95.5% strict untouched (Riau Islands and Batam: Malay-flavoured Indonesian, shipyard and factory workers, ferry crews; with the five models trained on 167 writers).
  dev173: { strictVerdictAccuracy: 0.985, oosRecall: 0.985 },
  // dev174 scored 93.5% strict untouched (messages dictated by voice: no punctuation, fillers, misheard words; with the five models trained on 167 writers).
  dev174: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev175 scored 95.0% strict untouched (madrasah and pesantren teachers and Kemenag staff in their WhatsApp groups: religious greetings, long stories; with the five models trained on 175 writers).
  dev175: { strictVerdictAccuracy: 0.96, oosRecall: 0.975 },
  // dev176 scored 88.0% strict untouched (East Java: Suroboyoan Javanese mixed with Indonesian, blunt and joking; with the five models trained on 175 writers).
  dev176: { strictVerdictAccuracy: 0.935, oosRecall: 0.985 },
  // dev177 scored 94.5% strict untouched (Kupang and NTT: Kupang Malay ("beta", "sonde", "pili", "bosong"); with the five models trained on 175 writers).
  dev177: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev178 scored 91.0% strict untouched (Palembang, Jambi and Bengkulu: South Sumatran Malay ("dak", "pacak", "cak mano"); with the five models trained on 175 writers).
  dev178: { strictVerdictAccuracy: 0.95, oosRecall: 0.975 },
  // dev179 scored 92.0% strict untouched (Minangkabau at home and in the rantau: Minang-flavoured Indonesian ("buliah", "batua", "wali nagari"); with the five models trained on 175 writers).
  dev179: { strictVerdictAccuracy: 0.94, oosRecall: 0.95 },
  // dev180 scored 98.5% strict untouched (Makassar and Bugis: Makassar-flavoured Indonesian ("ji", "mi", "ki", "tabe"); with the five models trained on 175 writers).
  dev180: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev181 scored 94.0% strict untouched (cheap phones with bad autocorrect and fat fingers: wrong real words, missing spaces, caps; with the five models trained on 175 writers).
  dev181: { strictVerdictAccuracy: 0.935, oosRecall: 0.985 },
  // dev182 scored 97.0% strict untouched (civics classes: PKn teachers, students doing assignments, quiz and exam questions, parents helping; with the five models trained on 175 writers).
  dev182: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev183 scored 97.5% strict untouched (Papua and the highlands: Papuan Malay ("sa", "ko", "kitong", "tra"), noken voting, remote postings; with the five models trained on 183 writers).
  dev183: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev184 scored 94.5% strict untouched (South Kalimantan: Banjar ("ulun", "kada", "kawa", "bujur"), river markets, pambakal; with the five models trained on 183 writers).
  dev184: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev185 scored 97.5% strict untouched (Medan and North Sumatra: Medan Indonesian with Batak flavour ("kelen", "awak", "cemana"); with the five models trained on 183 writers).
  dev185: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev186 scored 95.0% strict untouched (retirees and those about to retire: pensioned civil servants, purnawirawan, Taspen widows; with the five models trained on 183 writers).
  dev186: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev187 scored 95.5% strict untouched (women candidates and the people around them: husbands and children in the civil service or police, PKK volunteers; with the five models trained on 183 writers).
  dev187: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev188 scored 94.5% strict untouched (paralegals, legal-aid volunteers and advocates: formal legal register, clients' questions relayed; with the five models trained on 183 writers).
  dev188: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev189 scored 93.5% strict untouched (terse users typing like a search box: 1-6 words, keyword strings, abbreviations; with the five models trained on 183 writers).
  dev189: { strictVerdictAccuracy: 0.935, oosRecall: 0.985 },
  // dev190 scored 97.0% strict untouched (Betawi and Jakarta kampung voices: RT heads, ojek pangkalan, kelurahan staff, PPSU; with the five models trained on 183 writers).
  dev190: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev191 scored 93.5% strict untouched (West Java villages: Sundanese mixed with Indonesian ("kenging teu", "naon", "cenah", "leres"); with the five models trained on 191 writers).
  dev191: { strictVerdictAccuracy: 0.95, oosRecall: 0.975 },
  // dev192 scored 98.5% strict untouched (Madura and the Tapal Kuda: Madurese-flavoured Indonesian, kiai and klebun; with the five models trained on 191 writers).
  dev192: { strictVerdictAccuracy: 0.985, oosRecall: 0.985 },
  // dev193 scored 94.5% strict untouched (Ambon and Maluku: Ambonese Malay ("beta", "seng", "katong", raja negeri and saniri); with the five models trained on 191 writers).
  dev193: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev194 scored 95.5% strict untouched (honorer and PPPK staff living through the civil-service reforms, anxious about contracts; with the five models trained on 191 writers).
  dev194: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev195 scored 95.5% strict untouched (academics in the civil service: lecturers, BRIN researchers, pollsters; with the five models trained on 191 writers).
  dev195: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev196 scored 96.5% strict untouched (migrant workers abroad and their families at home: voting at consulates and by post; with the five models trained on 191 writers).
  dev196: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev197 scored 97.0% strict untouched (Banten and Lampung: Serang Javanese, Cilegon workers, transmigrant villages, jaro desa; with the five models trained on 191 writers).
  dev197: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev198 scored 95.5% strict untouched (Southeast and Central Sulawesi: Kendari, Buton, Palu, nickel-mining towns; with the five models trained on 191 writers).
  dev198: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev199 scored 98.0% strict untouched (Indonesians writing broken, textbook English ("can PNS give like to caleg post?") beside chatty Indonesian; with the five models trained on 199 writers).
  dev199: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev200 scored 96.5% strict untouched (Chinese-Indonesian communities: Indonesian mixed with Hokkien and Hakka words; with the five models trained on 199 writers).
  dev200: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev201 scored 97.5% strict untouched (Ternate and North Maluku: Ternate Malay ("ngana", "dorang", "tra", "iko"); with the five models trained on 199 writers).
  dev201: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev202 scored 95.5% strict untouched (Gorontalo: Gorontalo-flavoured Indonesian, provincial offices, corn farmers; with the five models trained on 199 writers).
  dev202: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev203 scored 96.0% strict untouched (Toraja and West Sulawesi: lembang and kepala lembang, rambu solo'; with the five models trained on 199 writers).
  dev203: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev204 scored 97.5% strict untouched (Bima, Dompu and Sumbawa: "nahu", "ita", ncuhi and village heads; with the five models trained on 199 writers).
  dev204: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev205 scored 92.0% strict untouched (superiors who must act: sekda, heads of agencies, camat, principals, head nurses; with the five models trained on 199 writers).
  dev205: { strictVerdictAccuracy: 0.94, oosRecall: 0.985 },
  // dev206 scored 97.5% strict untouched (community radio hosts and local journalists relaying listeners' questions; with the five models trained on 199 writers).
  dev206: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev207 scored 98.0% strict untouched (Aceh and the Gayo highlands; with the five models trained on 207 writers).
  dev207: { strictVerdictAccuracy: 0.975, oosRecall: 0.97 },
  // dev208 scored 98.5% strict untouched (ojek-online drivers and night-shift workers typing between orders; with the five models trained on 207 writers).
  dev208: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev209 scored 97.0% strict untouched (finance, revenue and audit civil servants; with the five models trained on 207 writers).
  dev209: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev210 scored 96.0% strict untouched (West Kalimantan (Pontianak Malay, Dayak villages, Singkawang); with the five models trained on 207 writers).
  dev210: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev211 scored 93.0% strict untouched (young people in Solo, Yogyakarta and Semarang mixing Javanese ngoko; with the five models trained on 207 writers).
  dev211: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev212 scored 95.5% strict untouched (people asking on behalf of someone else; with the five models trained on 207 writers).
  dev212: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev213 scored 95.0% strict untouched (Batam and the Riau Islands; with the five models trained on 207 writers).
  dev213: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev214 scored 95.5% strict untouched (Jambi and Bengkulu; with the five models trained on 207 writers).
  dev214: { strictVerdictAccuracy: 0.96, oosRecall: 0.97 },
  // dev215 scored 93.0% strict untouched (people worried after the fact; with the five models trained on 207 writers and the rules tuned on writers 207-214).
  dev215: { strictVerdictAccuracy: 0.93, oosRecall: 0.97 },
  // dev216 scored 92.0% strict untouched (polling day and the days around it; with the five models trained on 207 writers and the rules tuned on writers 207-214).
  dev216: { strictVerdictAccuracy: 0.95, oosRecall: 0.97 },
  // dev217 scored 96.5% strict untouched (Batak Toba, Karo and Nias communities; with the five models trained on 207 writers and the rules tuned on writers 207-214).
  dev217: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev218 scored 96.5% strict untouched (Flores and Sumba; with the five models trained on 207 writers and the rules tuned on writers 207-214).
  dev218: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev219 scored 90.5% strict untouched (senior civil servants near the end of their careers; with the five models trained on 207 writers and the rules tuned on writers 207-214).
  dev219: { strictVerdictAccuracy: 0.945, oosRecall: 0.985 },
  // dev220 scored 97.0% strict untouched (admins and moderators of community groups; with the five models trained on 207 writers and the rules tuned on writers 207-214).
  dev220: { strictVerdictAccuracy: 0.97, oosRecall: 0.97 },
  // dev221 scored 98.5% strict untouched (older Facebook users typing in capitals; with the five models trained on 207 writers and the rules tuned on writers 207-214).
  dev221: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev222 scored 96.5% strict untouched (Cirebon and Indramayu; with the five models trained on 207 writers and the rules tuned on writers 207-214).
  dev222: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev223 scored 98.0% strict untouched (technical civil servants in the field; with the five models trained on 223 writers and the rules tuned on writers 207-222).
  dev223: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev224 scored 98.0% strict untouched (Manado and Minahasa; with the five models trained on 223 writers and the rules tuned on writers 207-222).
  dev224: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev225 scored 97.5% strict untouched (the eastern tip of East Java (Osing and Madurese-flavoured Javanese); with the five models trained on 223 writers and the rules tuned on writers 207-222).
  dev225: { strictVerdictAccuracy: 0.97, oosRecall: 0.97 },
  // dev226 scored 97.0% strict untouched (Deaf users writing in sign-language word order, and those who type for them; with the five models trained on 223 writers and the rules tuned on writers 207-222).
  dev226: { strictVerdictAccuracy: 0.965, oosRecall: 0.97 },
  // dev227 scored 97.0% strict untouched (East Kalimantan and the new capital area; with the five models trained on 223 writers and the rules tuned on writers 207-222).
  dev227: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev228 scored 95.0% strict untouched (users who try to get around the neutrality; with the five models trained on 223 writers and the rules tuned on writers 207-222).
  dev228: { strictVerdictAccuracy: 0.945, oosRecall: 0.985 },
  // dev229 scored 96.0% strict untouched (learners of Indonesian and mixed families; with the five models trained on 223 writers and the rules tuned on writers 207-222).
  dev229: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev230 scored 94.0% strict untouched (Tegal, Brebes and Pemalang (Ngapak); with the five models trained on 223 writers and the rules tuned on writers 207-222).
  dev230: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev231 scored 92.5% strict untouched (school committees and parents; with the five models trained on 231 writers and the rules tuned on writers 207-230).
  dev231: { strictVerdictAccuracy: 0.925, oosRecall: 0.945 },
  // dev232 scored 98.5% strict untouched (Central Kalimantan and Dayak Ngaju words; with the five models trained on 231 writers and the rules tuned on writers 207-230).
  dev232: { strictVerdictAccuracy: 0.97, oosRecall: 0.97 },
  // dev233 scored 98.0% strict untouched (the Papuan highlands and Merauke; with the five models trained on 231 writers and the rules tuned on writers 207-230).
  dev233: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev234 scored 99.0% strict untouched (sports: coaches, athletes, KONI and Dispora; with the five models trained on 231 writers and the rules tuned on writers 207-230).
  dev234: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev235 scored 97.0% strict untouched (crews and performers at campaign events; with the five models trained on 231 writers and the rules tuned on writers 207-230).
  dev235: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev236 scored 96.5% strict untouched (online sellers and small businesses; with the five models trained on 231 writers and the rules tuned on writers 207-230).
  dev236: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev237 scored 94.0% strict untouched (prisons: guards, inmates and their families; with the five models trained on 231 writers and the rules tuned on writers 207-230).
  dev237: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev238 scored 96.5% strict untouched (digital-literacy and fact-check volunteers; with the five models trained on 231 writers and the rules tuned on writers 207-230).
  dev238: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev239 scored 96.5% strict untouched (Lombok and Sasak words; with the five models trained on 231 writers and the rules tuned on writers 207-238).
  dev239: { strictVerdictAccuracy: 0.975, oosRecall: 0.97 },
  // dev240 scored 97.5% strict untouched (Bangka Belitung; with the five models trained on 231 writers and the rules tuned on writers 207-238).
  dev240: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev241 scored 97.0% strict untouched (transport state companies and offices; with the five models trained on 231 writers and the rules tuned on writers 207-238).
  dev241: { strictVerdictAccuracy: 0.96, oosRecall: 0.97 },
  // dev242 scored 96.0% strict untouched (Dharma Wanita and Bhayangkari; with the five models trained on 231 writers and the rules tuned on writers 207-238).
  dev242: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev243 scored 96.5% strict untouched (people on the road far from home; with the five models trained on 231 writers and the rules tuned on writers 207-238).
  dev243: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev244 scored 95.5% strict untouched (Satpol PP, Linmas, fire brigades and disaster agencies; with the five models trained on 231 writers and the rules tuned on writers 207-238).
  dev244: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev245 scored 94.5% strict untouched (Kei, Aru and Tual; with the five models trained on 231 writers and the rules tuned on writers 207-238).
  dev245: { strictVerdictAccuracy: 0.935, oosRecall: 0.97 },
  // dev246 scored 94.5% strict untouched (posyandu and PKK cadres; with the five models trained on 231 writers and the rules tuned on writers 207-238).
  dev246: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev247 scored 95.5% strict untouched (Bugis communities of Bone, Wajo, Soppeng and Sidrap; with the five models trained on 247 writers and the rules tuned on writers 207-246).
  dev247: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev248 scored 94.5% strict untouched (oil, gas and plantation country in mainland Riau; with the five models trained on 247 writers and the rules tuned on writers 207-246).
  dev248: { strictVerdictAccuracy: 0.95, oosRecall: 0.97 },
  // dev249 scored 96.0% strict untouched (urban young Sundanese; with the five models trained on 247 writers and the rules tuned on writers 207-246).
  dev249: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev250 scored 97.0% strict untouched (people in disaster areas; with the five models trained on 247 writers and the rules tuned on writers 207-246).
  dev250: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev251 scored 97.5% strict untouched (customs and immigration civil servants; with the five models trained on 247 writers and the rules tuned on writers 207-246).
  dev251: { strictVerdictAccuracy: 0.97, oosRecall: 0.97 },
  // dev252 scored 96.5% strict untouched (cadres of mass organisations; with the five models trained on 247 writers and the rules tuned on writers 207-246).
  dev252: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev253 scored 96.0% strict untouched (North Kalimantan's border; with the five models trained on 247 writers and the rules tuned on writers 207-246).
  dev253: { strictVerdictAccuracy: 0.95, oosRecall: 0.97 },
  // dev254 scored 97.5% strict untouched (people who treat the bot like an app; with the five models trained on 247 writers and the rules tuned on writers 207-246).
  dev254: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev255 scored 94.0% strict untouched (the Special Region of Yogyakarta; with the five models trained on 247 writers and the rules tuned on writers 207-254).
  dev255: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev256 scored 96.5% strict untouched (Jabodetabek commuters; with the five models trained on 247 writers and the rules tuned on writers 207-254).
  dev256: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev257 scored 93.5% strict untouched (hajj and umrah; with the five models trained on 247 writers and the rules tuned on writers 207-254).
  dev257: { strictVerdictAccuracy: 0.93, oosRecall: 0.985 },
  // dev258 scored 93.5% strict untouched (civil servants who work for politicians; with the five models trained on 247 writers and the rules tuned on writers 207-254).
  dev258: { strictVerdictAccuracy: 0.93, oosRecall: 0.97 },
  // dev259 scored 97.0% strict untouched (state bank staff and their customers; with the five models trained on 247 writers and the rules tuned on writers 207-254).
  dev259: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev260 scored 95.5% strict untouched (children in campaigns; with the five models trained on 247 writers and the rules tuned on writers 207-254).
  dev260: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev261 scored 95.0% strict untouched (Bali: banjar, pecalang and bendesa adat; with the five models trained on 247 writers and the rules tuned on writers 207-254).
  dev261: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev262 scored 93.0% strict untouched (government social media and IT staff; with the five models trained on 247 writers and the rules tuned on writers 207-254).
  dev262: { strictVerdictAccuracy: 0.945, oosRecall: 0.985 },
  // dev263 scored 97.5% strict untouched (street vendors and informal workers around government offices; with the five models trained on 263 writers and the rules tuned on writers 207-262).
  dev263: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev264 scored 95.0% strict untouched (the small islands of East Nusa Tenggara; with the five models trained on 263 writers and the rules tuned on writers 207-262).
  dev264: { strictVerdictAccuracy: 0.94, oosRecall: 0.985 },
  // dev265 scored 96.0% strict untouched (Chinese-Indonesian families in Medan; with the five models trained on 263 writers and the rules tuned on writers 207-262).
  dev265: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev266 scored 95.5% strict untouched (online gamers and esports communities; with the five models trained on 263 writers and the rules tuned on writers 207-262).
  dev266: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev267 scored 94.5% strict untouched (the rice belt of Karawang, Subang and Indramayu; with the five models trained on 263 writers and the rules tuned on writers 207-262).
  dev267: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev268 scored 94.0% strict untouched (special-needs schools; with the five models trained on 263 writers and the rules tuned on writers 207-262).
  dev268: { strictVerdictAccuracy: 0.94, oosRecall: 0.97 },
  // dev269 scored 94.5% strict untouched (statistics office staff and survey enumerators; with the five models trained on 263 writers and the rules tuned on writers 207-262).
  dev269: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev270 scored 93.5% strict untouched (the Sangihe and Talaud islands; with the five models trained on 263 writers and the rules tuned on writers 207-262).
  dev270: { strictVerdictAccuracy: 0.935, oosRecall: 0.97 },
  // dev271 scored 97.5% strict untouched (Ternate, Tidore and North Maluku; with the five models trained on 271 writers and the rules tuned on writers 207-270).
  dev271: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev272 scored 96.0% strict untouched (Palembang and South Sumatra; with the five models trained on 271 writers and the rules tuned on writers 207-270).
  dev272: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev273 scored 97.0% strict untouched (Kendari, Buton and Muna; with the five models trained on 271 writers and the rules tuned on writers 207-270).
  dev273: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev274 scored 96.0% strict untouched (Lampung's transmigrant villages; with the five models trained on 271 writers and the rules tuned on writers 207-270).
  dev274: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev275 scored 94.0% strict untouched (health workers: village midwives, puskesmas nurses, PPPK health staff; with the five models trained on 271 writers and the rules tuned on writers 207-270).
  dev275: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev276 scored 95.5% strict untouched (campus lecturers, staff and student activists; with the five models trained on 271 writers and the rules tuned on writers 207-270).
  dev276: { strictVerdictAccuracy: 0.96, oosRecall: 0.97 },
  // dev277 scored 96.5% strict untouched (Gorontalo; with the five models trained on 271 writers and the rules tuned on writers 207-270).
  dev277: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev278 scored 95.0% strict untouched (people dictating with voice typing; with the five models trained on 271 writers and the rules tuned on writers 207-270).
  dev278: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev279 scored 95.5% strict untouched (Sumbawa, Dompu and Bima; with the five models trained on 279 writers and the rules tuned on writers 207-278).
  dev279: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev280 scored 95.5% strict untouched (the north coast of Central Java: Pati, Kudus, Jepara, Rembang; with the five models trained on 279 writers and the rules tuned on writers 207-278).
  dev280: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev281 scored 92.5% strict untouched (people who paste circulars, chain messages and news, then ask; with the five models trained on 279 writers and the rules tuned on writers 207-278).
  dev281: { strictVerdictAccuracy: 0.935, oosRecall: 0.985 },
  // dev282 scored 95.0% strict untouched (two or three questions in one message, and corrections mid-message; with the five models trained on 279 writers and the rules tuned on writers 207-278).
  dev282: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev283 scored 96.0% strict untouched (high-school first-time voters and their teachers; with the five models trained on 279 writers and the rules tuned on writers 207-278).
  dev283: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev284 scored 94.0% strict untouched (sub-district and ward officials: camat, lurah, RT/RW; with the five models trained on 279 writers and the rules tuned on writers 207-278).
  dev284: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev285 scored 95.0% strict untouched (the coast of West Papua and Southwest Papua; with the five models trained on 279 writers and the rules tuned on writers 207-278).
  dev285: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev286 scored 98.0% strict untouched (Banten: Serang, Pandeglang, Lebak, Cilegon; with the five models trained on 279 writers and the rules tuned on writers 207-278).
  dev286: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev287 scored 92.0% strict untouched (angry, impatient and mocking users; with the five models trained on 287 writers and the rules tuned on writers 207-286).
  dev287: { strictVerdictAccuracy: 0.93, oosRecall: 0.985 },
  // dev288 scored 93.0% strict untouched (Indonesians abroad: migrant workers, students, embassy staff; with the five models trained on 287 writers and the rules tuned on writers 207-286).
  dev288: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev289 scored 95.5% strict untouched (village funds, village enterprises and village facilitators; with the five models trained on 287 writers and the rules tuned on writers 207-286).
  dev289: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev290 scored 97.5% strict untouched (central ministry staff who cite rules by number; with the five models trained on 287 writers and the rules tuned on writers 207-286).
  dev290: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev291 scored 94.0% strict untouched (Toraja and Mamasa; with the five models trained on 287 writers and the rules tuned on writers 207-286).
  dev291: { strictVerdictAccuracy: 0.945, oosRecall: 0.985 },
  // dev292 scored 91.0% strict untouched (fast typing on small phones: vowels dropped, typos; with the five models trained on 287 writers and the rules tuned on writers 207-286).
  dev292: { strictVerdictAccuracy: 0.93, oosRecall: 0.985 },
  // dev293 scored 90.0% strict untouched (Minangkabau in West Sumatra and abroad; with the five models trained on 287 writers and the rules tuned on writers 207-286).
  dev293: { strictVerdictAccuracy: 0.935, oosRecall: 0.985 },
  // dev294 scored 97.5% strict untouched (women's circles: majelis taklim, arisan, women candidates; with the five models trained on 287 writers and the rules tuned on writers 207-286).
  dev294: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev295 scored 97.0% strict untouched (Palu, Donggala, Sigi and Parigi in Central Sulawesi; with the five models trained on 295 writers and the rules tuned on writers 207-294).
  dev295: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev296 scored 97.0% strict untouched (Ambon, Seram and the Lease islands in Ambonese Malay; with the five models trained on 295 writers and the rules tuned on writers 207-294).
  dev296: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev297 scored 94.0% strict untouched (messages typed on behalf of a parent, grandparent or neighbour; with the five models trained on 295 writers and the rules tuned on writers 207-294).
  dev297: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev298 scored 97.5% strict untouched (election questions framed in religious terms; with the five models trained on 295 writers and the rules tuned on writers 207-294).
  dev298: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev299 scored 94.5% strict untouched (paralegals, legal-aid and monitoring volunteers; with the five models trained on 295 writers and the rules tuned on writers 207-294).
  dev299: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev300 scored 98.5% strict untouched (ALL CAPS, stretched words, emoji and autocorrect; with the five models trained on 295 writers and the rules tuned on writers 207-294).
  dev300: { strictVerdictAccuracy: 0.985, oosRecall: 0.985 },
  // dev301 scored 97.5% strict untouched (Banjarmasin and the Hulu Sungai towns in Banjar Malay; with the five models trained on 295 writers and the rules tuned on writers 207-294).
  dev301: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev302 scored 95.0% strict untouched (Madura island in Madurese-flavoured Indonesian; with the five models trained on 295 writers and the rules tuned on writers 207-294).
  dev302: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev303 scored 94.5% strict untouched (Kupang, Atambua, Soe and Rote in Kupang Malay; with the five models trained on 295 writers and the rules tuned on writers 207-294 and part of 295-302).
  dev303: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev304 scored 92.0% strict untouched (retirees, veterans and pension widows; with the five models trained on 295 writers and the rules tuned on writers 207-294 and part of 295-302).
  dev304: { strictVerdictAccuracy: 0.95, oosRecall: 0.975 },
  // dev305 scored 95.0% strict untouched (Surabaya and Malang in Suroboyoan and walikan; with the five models trained on 295 writers and the rules tuned on writers 207-294 and part of 295-302).
  dev305: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev306 scored 96.0% strict untouched (village-head and BPD elections near a pilkada; with the five models trained on 295 writers and the rules tuned on writers 207-294 and part of 295-302).
  dev306: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev307 scored 96.0% strict untouched (Makassar with its particles; with the five models trained on 295 writers and the rules tuned on writers 207-294 and part of 295-302).
  dev307: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev308 scored 97.0% strict untouched (people quoting TV pundits, podcasts and headlines; with the five models trained on 295 writers and the rules tuned on writers 207-294 and part of 295-302).
  dev308: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev309 scored 97.0% strict untouched (West Sulawesi with Mandar touches; with the five models trained on 295 writers and the rules tuned on writers 207-294 and part of 295-302).
  dev309: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev310 scored 91.5% strict untouched (deepfakes, buzzers, hacked accounts and doxxing; with the five models trained on 295 writers and the rules tuned on writers 207-294 and part of 295-302).
  dev310: { strictVerdictAccuracy: 0.95, oosRecall: 0.985 },
  // dev311 scored 97.0% strict untouched (civil servants inside military and police units; with the five models trained on 311 writers and the rules tuned on writers 207-310).
  dev311: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev312 scored 97.0% strict untouched (students doing homework and papers on elections; with the five models trained on 311 writers and the rules tuned on writers 207-310).
  dev312: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev313 scored 97.5% strict untouched (old Betawi families in Jakarta kampung; with the five models trained on 311 writers and the rules tuned on writers 207-310).
  dev313: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev314 scored 98.0% strict untouched (Jayapura, Sentani and Biak in Papuan Malay; with the five models trained on 311 writers and the rules tuned on writers 207-310).
  dev314: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev315 scored 95.0% strict untouched (Kediri, Blitar and Madiun in Mataraman Javanese; with the five models trained on 311 writers and the rules tuned on writers 207-310).
  dev315: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev316 scored 98.0% strict untouched (print shops, konveksi, stage rentals and rally caterers; with the five models trained on 311 writers and the rules tuned on writers 207-310).
  dev316: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev317 scored 97.5% strict untouched (stiff machine-translated Indonesian and English; with the five models trained on 311 writers and the rules tuned on writers 207-310).
  dev317: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev318 scored 91.5% strict untouched (rural Priangan in Sundanese-heavy Indonesian; with the five models trained on 311 writers and the rules tuned on writers 207-310).
  dev318: { strictVerdictAccuracy: 0.95, oosRecall: 0.975 },
  // dev319 scored 95.0% strict untouched (newly appointed CPNS and PPPK in their first months; with the five models trained on 319 writers and the rules tuned on writers 207-318).
  dev319: { strictVerdictAccuracy: 0.965, oosRecall: 0.975 },
  // dev320 scored 98.5% strict untouched (Karo people in Kabanjahe, Berastagi and Medan; with the five models trained on 319 writers and the rules tuned on writers 207-318).
  dev320: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev321 scored 97.0% strict untouched (native Lampung, Pepadun and Saibatin; with the five models trained on 319 writers and the rules tuned on writers 207-318).
  dev321: { strictVerdictAccuracy: 0.97, oosRecall: 0.985 },
  // dev322 scored 93.0% strict untouched (after the vote: recounts, re-votes and court disputes; with the five models trained on 319 writers and the rules tuned on writers 207-318).
  dev322: { strictVerdictAccuracy: 0.95, oosRecall: 0.975 },
  // dev323 scored 96.5% strict untouched (tourism towns: Labuan Bajo, Raja Ampat, Toba, Bromo; with the five models trained on 319 writers and the rules tuned on writers 207-318).
  dev323: { strictVerdictAccuracy: 0.96, oosRecall: 0.985 },
  // dev324 scored 95.5% strict untouched (outsourced guards, cleaners and drivers at government offices; with the five models trained on 319 writers and the rules tuned on writers 207-318).
  dev324: { strictVerdictAccuracy: 0.96, oosRecall: 0.975 },
  // dev325 scored 98.0% strict untouched (Bajo and the Wakatobi, Buton and Banggai islands; with the five models trained on 319 writers and the rules tuned on writers 207-318).
  dev325: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev326 scored 98.5% strict untouched (K-pop and idol fandom language applied to politics; with the five models trained on 319 writers and the rules tuned on writers 207-318).
  dev326: { strictVerdictAccuracy: 0.975, oosRecall: 0.985 },
  // dev327 scored 96.0% strict untouched (Sambas and the Kapuas hinterland in Sambas Malay; with the five models trained on 327 writers and the rules tuned on writers 207-326).
  dev327: { strictVerdictAccuracy: 0.95, oosRecall: 0.96 },
  // dev328 scored 94.5% strict untouched (a question mixed with thanks, a greeting or a request in one message; with the five models trained on 327 writers and the rules tuned on writers 207-326).
  dev328: { strictVerdictAccuracy: 0.965, oosRecall: 0.985 },
  // dev329 scored 94.5% strict untouched (principals, agency heads and camat asking about their staff and budgets; with the five models trained on 327 writers and the rules tuned on writers 207-326).
  dev329: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev330 scored 98.0% strict untouched (Banyumasan (ngapak) Javanese from Cilacap to Banyumas; with the five models trained on 327 writers and the rules tuned on writers 207-326).
  dev330: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev331 scored 91.5% strict untouched (a few words with no verb and no question mark, typed like a search box; with the five models trained on 327 writers and the rules tuned on writers 207-326).
  dev331: { strictVerdictAccuracy: 0.915, oosRecall: 0.985 },
  // dev332 scored 98.0% strict untouched (Bengkulu, Rejang Lebong and the Kerinci highlands; with the five models trained on 327 writers and the rules tuned on writers 207-326).
  dev332: { strictVerdictAccuracy: 0.98, oosRecall: 0.985 },
  // dev333 scored 94.5% strict untouched (hypotheticals and edge cases, two scenarios in one message; with the five models trained on 327 writers and the rules tuned on writers 207-326).
  dev333: { strictVerdictAccuracy: 0.955, oosRecall: 0.985 },
  // dev334 scored 96.0% strict untouched (Tidore, Halmahera and Morotai in North Maluku Malay; with the five models trained on 327 writers and the rules tuned on writers 207-326).
  dev334: { strictVerdictAccuracy: 0.965, oosRecall: 0.975 },
};
/**
 * Verdicts the writer's label calls the opposite, where the bot's answer is the true one: dev3 labels
 * "istri tni boleh nyoblos?" with the soldiers' rule (a TNI spouse does vote) and "bedanya netral sama
 * golput buat pns" with the neutrality rule (the bot answers that a PNS may vote). Kept as written.
 */
const DISPUTED_HARMFUL: Partial<Record<keyof typeof FLOORS, number>> = {
  dev3: 2,
  dev4: 2,
  dev5: 1,
  // 'bikin poster "ayo nyoblos, jangan golput" …, sy pppk. itu dilarang jg?' gets the posting rule (tidak boleh), not the neutral-KPU-information one.
  dev10: 1,
  dev11: 1,
  dev14: 1,
  dev15: 1,
  dev18: 3,
  dev17: 1,
  dev19: 1,
  dev20: 2,
  dev23: 2,
  dev24: 2,
  dev22: 1,
  dev25: 2,
  dev27: 1,
  dev29: 1,
  dev30: 2,
  dev28: 1,
  dev32: 5,
  dev35: 7,
  dev36: 2,
  dev34: 2,
  dev41: 4,
  dev42: 6,
  dev40: 2,
  dev37: 1,
  dev43: 2,
  dev45: 2,
  dev46: 4,
  dev47: 1,
  dev44: 2,
  dev49: 1,
  dev50: 3,
  dev51: 1,
  dev52: 6,
  dev53: 3,
  dev55: 2,
  // The topic model, allowed further down retrieval's list (chosen by leaving each writer out), reads "our nanny's husband is a PNS … he liked …" as the family topic.
  dev56: 7,
  dev57: 3,
  dev59: 1,
  dev58: 3,
  dev2: 1,
  dev63: 4,
  dev61: 4,
  dev64: 1,
  dev66: 3,
  dev62: 3,
  dev65: 5,
  dev69: 5,
  dev68: 2,
  dev71: 1,
  dev72: 1,
  dev70: 5,
  dev74: 1,
  dev75: 1,
  dev77: 3,
  // Not disputed, a miss: 'saya pensiun PNS bulan Maret, pemilunya Februari …' is still a civil servant during the campaign, and gets the retirees' rule.
  dev101: 1,
  // Not disputed, a miss: 'Suami PPPK ikut kampanye caleg, sanksinya sama kayak PNS …?' reads the husband as a PPPK's relative, where he is the PPPK.
  dev167: 1,
  // 'netral itu maksudnya apa sih buat pns, ga bole milih siapa2 gt?' gets the right to vote (a PNS may vote, neutrality does not take it away), which is the true answer to it; the writer labelled the neutrality rule.
  dev181: 1,
  // Not disputed, a miss since the models were retrained on 327 writers (also on 295): "I'm a PPPK not PNS, do i still have to stay neutral" is read by the topic model as the right to vote (it asks whether the neutrality rule binds a PPPK).
  dev176: 1,
  // Not disputed, a miss: 'Kaka ulun PNS, ulun sorang kada. ulun jadi saksi partai …' is the civil servant's relative asking about themself, and gets the witnesses' rule for civil servants.
  dev184: 1,
  // Not disputed, a miss: 'Saya pensiunan TNI, sekarang jadi kasi pemerintahan di desa …' holds a village post now and gets the retirees' rule.
  dev186: 1,
  // Not disputed, a miss: 'Could my grandfather lose his military pension if he campaigns …?' names no retiree word and gets the soldiers' rule.
  dev304: 1,
  // Not disputed, a miss: 'istri ASN boleh posting dukungan capres di ig pribadinya?' is the relative's own post; the topic model, sure of the civil servants' posting rule, switches to it.
  dev308: 1,
  // 'apa sih maksudnya ASN harus netral? bedanya sama ga boleh milih apa?' gets the right to vote (the true answer to the difference asked, as for dev181); the writer labelled the neutrality rule.
  dev310: 1,
  // Not disputed, a miss: 'Mbakyu kulo garwanipun PNS, piyambakipun badhe dados tim sukses caleg. Angsal mboten?' (high Javanese: the asker's sister, a PNS's wife) is read as the civil servant.
  dev315: 1,
  // Not disputed, a miss: 'Staf saya mengurus logistik kampanye paslon di sela jam kantor. Apakah cukup saya tegur lisan?' gets the reporting-to-the-agency topic, which opens with "Boleh" (a superior must examine it), not the working-hours rule.
  dev329: 1,
};
/*
 * Some splits also hold misses not yet fixed, counted here so they cannot grow unnoticed: dev "amplop
 * dr caleg diterima aja trus laporin, boleh ga?" (the topic model picks a reporting topic); dev4 a
 * soldier's wife (disputed as above), a BUMD bank clerk read as an ASN's relative, and an English
 * "should I forward this fraud video?"; dev5 a sibling volunteering while another sibling is an ASN;
 * dev9 "is this the official bawaslu account or some random side project"; dev10 a PPPK child
 * campaigning for a father and KPU's own poster; dev11 a PNS parent of a student volunteer answered
 * with the volunteers' rule; dev14 (untouched) a child of a PNS volunteering, "kamu netral beneran?",
 * and a head of office who keeps quiet about staff campaigning. The refusal and topic models took
 * dev6's and dev7's and several others off this list.
 */

const kb = loadKnowledge();
const norm = (q: string) =>
  q
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const contentQuestions = new Set(kb.topics.flatMap((t) => [...t.questions.id, ...t.questions.en]).map(norm));

describe.each(FROZEN_SPLITS)('the frozen %s split', (split) => {
  it('has not changed since it was frozen (sha256 in test/eval/<split>.sha256)', () => {
    const h = frozenHash(split);
    expect(h, `test/eval/${split}.jsonl and test/eval/${split}.sha256 must both exist`).toBeDefined();
    expect(h!.actual).toBe(h!.expected);
  });

  const items = loadSplit(split) ?? [];
  it('names only topics that exist, with their verdicts (counted, never listed)', () => {
    expect(items.length).toBeGreaterThan(0);
    const wrong = items.filter((i) =>
      i.topic === null ? i.verdict !== null : kb.byId.get(i.topic)?.verdict !== i.verdict,
    ).length;
    expect(wrong).toBe(0);
  });

  it('shares no question with the content question lists (counted, never listed)', () => {
    expect(items.filter((i) => contentQuestions.has(norm(i.question))).length).toBe(0);
  });

  it('is refused question by question by `npm run eval -- --errors <split>` (the check the CLI makes)', () => {
    expect(isFrozen(split)).toBe(true);
  });
});

describe('npm run eval -- --errors on a frozen split', () => {
  it('is refused, with a message saying why, for the last split frozen', () => {
    const split = FROZEN_SPLITS.at(-1)!;
    const r = spawnSync('npx', ['tsx', 'src/knowledge/eval-cli.ts', '--errors', split], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('frozen');
    expect(isFrozen(TUNED_SPLITS[0])).toBe(false);
  });
});

describe.each(TUNED_SPLITS)('the %s split', (split) => {
  const items = loadSplit(split) ?? [];
  const rows = runEval(new QaIndex(kb), items);
  const s = score(rows);

  it('is there and holds questions that expect no verdict', () => {
    expect(items.length).toBeGreaterThanOrEqual(200);
    expect(items.filter((i) => i.verdict === null).length).toBeGreaterThanOrEqual(30);
  });

  it('names only topics that exist, with their verdicts', () => {
    for (const i of items) {
      if (i.topic === null) expect(i.verdict, i.question).toBeNull();
      else expect(kb.byId.get(i.topic)?.verdict, i.question).toBe(i.verdict);
    }
  });

  it('keeps its questions out of the content question lists', () => {
    expect(items.filter((i) => contentQuestions.has(norm(i.question))).map((i) => i.question)).toEqual([]);
  });

  it('gives no verdict on chit-chat, partisan or creation requests, nor the opposite of the truth (beyond the known misses)', () => {
    expect(s.harmful).toBeLessThanOrEqual(DISPUTED_HARMFUL[split] ?? 0);
  });

  it.each(Object.entries(FLOORS[split]))('%s stays at or above its floor', (key, floor) => {
    expect(s[key as keyof (typeof FLOORS)[typeof split]]).toBeGreaterThanOrEqual(floor);
  });
});
