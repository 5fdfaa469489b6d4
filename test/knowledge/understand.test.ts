import { describe, expect, it } from 'vitest';
import { loadWordLists } from '../../src/content/words';
import { basicTokens, buildLexicon } from '../../src/knowledge/normalize';
import { defaultIndex } from '../../src/knowledge/service';
import { focusOf } from '../../src/knowledge/understand';

/**
 * The understanding stage decides what kind of message it is and whom it is about before any
 * search. These are the failure kinds the issue lists, in new wordings (not eval questions).
 */
const index = defaultIndex();
const kind = (text: string, opts = {}) => index.understand(text, opts).kind;
const actor = (text: string) => index.understand(text).actor;
/** The topic the bot answers with first. */
const topTopic = (text: string): string | undefined => index.search(text).hits[0]?.topic.id;

describe('the kind of message', () => {
  it.each([
    'terima kasih',
    'makasih banyak min',
    'ok',
    'oke sip',
    'test',
    'mantap',
    'info',
    'halo',
    'assalamualaikum',
    'selamat pagi kak',
    'thanks!',
    'wkwkwk',
  ])('small talk: %s', (text) => {
    expect(kind(text)).toBe('chitchat');
  });

  it.each([
    'bikinin berita hoaks biar paslon lawan kalah',
    'tolong buatkan caption kampanye buat caleg',
    'gimana cara bikin akun bodong buat buzzer',
    'pantun ngejek capres dong',
    'write me a slogan for my candidate',
    'cara bagi amplop biar ga ketahuan bawaslu',
  ])('a request to write or do something: %s', (text) => {
    expect(kind(text)).toBe('creation');
  });

  it.each([
    ['tetangga mau bagi sembako ke warga biar milih caleg, boleh?', 'rule'],
    ['ada akun bodong nyebar hoaks caleg, laporinnya ke mana?', 'report'],
    ['yang nerima amplop serangan fajar bisa dipenjara? trus yang udah terlanjur gimana', 'sanction'],
  ])('a harmful act asked about (may one, what it costs, where to report) is no request: %s', (text, k) => {
    expect(kind(text)).toBe(k);
  });

  it.each([
    'mending pilih capres 01, 02 atau 03?',
    'caleg dapil 3 yang bagus siapa',
    'siapa yang bakal menang pilkada',
    'menurutmu prabowo gimana orangnya',
    'which party should I vote for',
    // Who to pick or who wins, and two sides compared, in wordings no list names.
    'bingung nih mau nyoblos siapa besok',
    'pilgub jateng kira2 yg menang siapa',
    'ganjar vs anies lebih pinter mana',
    'who will win the regional election?',
    // "Good" in Sundanese and Javanese.
    'guru ngaji abdi nyarankeun milih caleg ieu. saé teu caleg na? kedah diturut?',
    'Cak, PDI opo Gerindra sing luwih apik gawe wong pabrik?',
    // A pick between two kinds of candidate.
    'Pilih yang kasih uang banyak atau yang janji bangun jalan? hehe serius ini',
    'pilih caleg yang pensiunan guru atau yang pengusaha?',
    // Which number or ticket is safe to back asks for a pick, whoever it is safe for.
    'kasi tau aj lah nomor brp yg aman buat pns',
    'Legally speaking, which presidential ticket is the safest for a civil servant to back?',
    // Asking for a recommendation in slang, whatever race it names.
    'rekomendasiin calon kades yg bagus dong',
  ])('partisan: %s', (text) => {
    expect(kind(text)).toBe('partisan');
  });

  it.each([
    'katanya kpu sudah tahu pemenangnya, bener ga?',
    'video jokowi pidato mandarin itu asli?',
    'viral surat suara di jeddah sudah dicoblos, hoaks bukan?',
    'is it true that soldiers cannot vote',
  ])('a claim to check: %s', (text) => {
    expect(kind(text)).toBe('claim');
  });

  it('takes forwarded text and text read from a screenshot as claims', () => {
    expect(kind('Pemilu diundur ke 2025, info resmi', { forwarded: true })).toBe('claim');
    expect(kind('PENGUMUMAN KPU: hasil pilpres diumumkan 28 Februari', { ocr: true })).toBe('claim');
  });

  it.each([
    ['pns like postingan capres sanksinya apa', 'sanction'],
    ['kalau kades ikut kampanye hukumannya apa?', 'sanction'],
    ['pns kampanye lapornya ke mana', 'report'],
    ['gimana cara melaporkan asn yang tidak netral', 'report'],
    ['Saya PNS, boleh lapor rekan kerja yang kampanye?', 'report'],
    ['pns boleh like postingan capres ga', 'rule'],
    ['pns bikin konten tiktok buat caleg boleh?', 'rule'],
    ['cuaca besok di bandung gimana', 'offtopic'],
    ['cara daftar pkh', 'offtopic'],
    // Election logistics the bot does not cover, with an election word in them.
    ['gimana cara cek dpt online?', 'offtopic'],
    ['berapa gaji anggota kpps?', 'offtopic'],
    // The election calendar, and a campaign that is not an election one.
    ['kapan pilkada serentak berikutnya digelar?', 'offtopic'],
    // How or where to check or report is not a claim to check.
    ['gimana caranya ngecek info pemilu itu hoaks atau bukan', 'report'],
    ['dapat broadcast aneh soal kpu, lapornya ke mana ya', 'report'],
    ['cara cek tagihan bpjs', 'offtopic'],
    ['gimana caranya nyebarin isu miring soal paslon 2 biar viral', 'creation'],
    ['pns yang kampanye bisa diturunin jabatannya?', 'sanction'],
    ['kampanye anti narkoba di sekolah bagusnya gimana', 'offtopic'],
    ['[Diteruskan] Pemilih yang bawa hp ke bilik suaranya tidak sah!', 'claim'],
    ['mau pindah tps karena kerja di luar kota', 'offtopic'],
    ['pns boleh jadi anggota kpps?', 'rule'],
    // A message someone passed on, with a word asking to check it.
    ["tolong cek: 'KPU coret 2 juta pemilih'", 'claim'],
    ['cara ngumpulin ktp warga buat dukungan calon tanpa mereka tahu', 'creation'],
    ['menurut bot, cagub nomor 2 pantes menang?', 'partisan'],
    // "Draft" as a command asks the bot to write; it is no small talk.
    ['Draft talking points for our staff meeting about the election', 'creation'],
  ])('%s → %s', (text, expected) => {
    expect(kind(text)).toBe(expected);
  });

  it('does not read "who" in the middle of a claim as asking who to pick', () => {
    expect(kind('Is Prabowo really paying people who voted for him?')).not.toBe('partisan');
    expect(kind('siapa yang boleh nyoblos di tps luar negeri?')).not.toBe('partisan');
    expect(kind('pilih yang kasih amplop atau yang nggak, dua-duanya boleh dilaporin?')).not.toBe('partisan');
    expect(kind('siapa saja yang punya hak pilih?')).not.toBe('partisan');
    // Bawaslu recommending a sanction is no pick.
    expect(kind('bawaslu udah rekomendasiin sanksi ke kepala dinas kami, yg mutusin siapa?')).not.toBe(
      'partisan',
    );
  });

  it("answers a citizen's claim about a rule for everyone with that rule, and other claims with none", () => {
    const rule = index.search(
      'Orang-orang bilang yang menerima amplop serangan fajar juga bisa dipenjara, bukan cuma yang ngasih. Apa benar penerima juga bisa dihukum?',
    );
    expect(rule.kind).toBe('answer');
    expect(rule.hits[0]?.topic.id).toMatch(/^politik-uang-/);
    expect(rule.hits[0]?.topic.verdict).toBe('tidak_boleh');
    expect(index.search('katanya caleg nomor 5 di dapil kami korupsi dana desa, bener ga?').kind).toBe(
      'unknown_claim',
    );
  });

  it("checks a rumour naming nobody about what is allowed against the civil servants' rule, not a rumour about events", () => {
    const rule = index.search('kata senior di kantor, di luar jam dinas bebas ikut kampanye. bener?');
    expect(rule.kind).toBe('answer');
    expect(rule.hits[0]?.topic.id).toBe('di-luar-jam-kerja');
    expect(index.search('katanya yg golput bansosnya dicabut, bener ga?').kind).toBe('unknown_claim');
    expect(
      index.search(
        'ada pesan berantai: akun resmi dinas bakal diblokir otomatis kalau posting kegiatan bupati. bener?',
      ).kind,
    ).toBe('unknown_claim');
  });

  it('reads a story reporting what someone said, asked whether it is allowed, as a rule question; asked to confirm, as a claim', () => {
    expect(
      kind('ketua panitia ngajak semua warga dateng ke kampanye cabup, katanya dapet kaos. itu boleh?'),
    ).toBe('rule');
    expect(kind('ada kabar pemilu diundur, ada yg bisa konfirmasi?')).toBe('claim');
    expect(kind('katanya caleg nomor 5 ngasih amplop ke ibu2 pengajian. ada yg bisa konfirmasi?')).toBe(
      'claim',
    );
  });

  it('does not take a rule question as a claim because the sentence it leans on says "katanya"', () => {
    const u = index.understand(
      'Ibu saya PNS guru SD. Dia rajin nerusin video capres ke grup alumni, katanya grup pribadi. Sebenernya boleh ga?',
    );
    expect(u.kind).toBe('rule');
    expect(u.actor).toBe('asn');
  });

  it("leaves soldiers', police and village rules to questions that name them", () => {
    expect(topTopic('Kalau saya ikut pakai kaos partai ke acara warga, bagaimana?')).toBe('kampanye-atribut');
  });

  it.each([
    'pns bantu-bantu kampanye boleh ga?',
    'asn ikutan kampanye caleg gpp?',
    'can a civil servant support a candidate?',
  ])("answers campaigning in general with the civil servants' general rule: %s", (text) => {
    const r = index.search(text);
    expect(r.kind).toBe('answer');
    expect(r.hits[0]?.topic.verdict).toBe('tidak_boleh');
  });

  it('takes "where do I report" to the general channel', () => {
    expect(
      topTopic(
        'Saya lihat guru PNS joget sambil pegang poster paslon di TikTok. Saya mau lapor, harus ke mana?',
      ),
    ).toBe('lapor-bawaslu');
  });

  it('gives no verdict on a hoax subject named alone, and offers it as a choice', () => {
    const alone = index.search('sirekap');
    expect(alone.kind).toBe('unsure');
    expect(alone.hits.map((h) => h.topic.id)).toContain('hoaks-sirekap');
    expect(index.search('sirekap itu hasil resmi kpu?').kind).toBe('answer');
  });

  it.each([
    // Asked of the bot at the start of a clause, even after a civil servant introduces themself.
    'saya guru pns, tolong buatin kata-kata dukungan buat calon bupati yang halus',
    'min, terjemahin selebaran caleg ini ke bahasa sunda',
    'Create three tweets praising candidate number 2',
    'gimana cara ngedit foto biar keliatan kayak calon lagi terima amplop',
    // Correcting or outlining someone's text is making it with them.
    'Min minta tolong cek EYD surat undangan rapat wali murid ini ya, saya kurang pede',
    'Susun kerangka laporan hasil pengawasan TPS untuk disetor ke koordinator, poin2nya apa saja',
  ])('a request to the bot, whoever asks: %s', (text) => {
    expect(kind(text)).toBe('creation');
  });

  it('takes making a fake as asked for, whoever it shows, unless a permission or penalty is asked', () => {
    expect(kind('Bikin rekaman suara palsu pake AI kades kita bilang dukung calon tertentu, bisa?')).toBe(
      'creation',
    );
    expect(kind('Please create ten fake Google reviews praising a candidate')).toBe('creation');
    expect(kind('bikin video deepfake capres, pns boleh ga?')).toBe('rule');
  });

  it.each([
    "Is it smarter to vote for the frontrunner so my vote isn't wasted?",
    'mending coblos yg unggul survei biar suara tidak terbuang?',
    '> "Capres X terbukti gagal di masa jabatannya"\n\nAdmin setuju dengan pernyataan ini kan?',
    'partai yg bela pensiunan polri apa',
    'pns boleh nyoblos kan? nah menurut min enaknya nyoblos siapa yg paling mikirin guru',
    // Going with someone, asked to be confirmed.
    'kades kita dukung calon A. berarti kita ikut A aja ya biar aman bantuannya?',
    'Calon walikota nomor 1 itu katanya pro PNS. Pilih dia aja kan aman buat kita ASN?',
    // Regional words for who and win.
    'Sampean milih sopo, Lur? Aku isih bingung',
    'Partai nan manang di Sumbar kini, apo bakal manang liak tahun depan?',
    'calon walikota mana yg janji gak gusur pkl?',
  ])(
    'takes tactical picks, picks among candidates and agreement asked of the bot as partisan: %s',
    (text) => {
      expect(kind(text)).toBe('partisan');
    },
  );

  it.each([
    'data saya aman ga kalau chat di sini?',
    'Is my data stored anywhere? Our compliance team will ask.',
    'Bot ini aman ga sih? Data saya disimpan di mana?',
    // Who runs it, whichever agency the asker guesses.
    'siapa pengelola layanan ini? di bawah KPU atau Bawaslu?',
  ])('takes a question about what the bot keeps or who runs it as about the bot: %s', (text) => {
    const u = index.understand(text);
    expect(u.kind).toBe('chitchat');
    expect(u.chitchat).toBe('about');
  });

  it('reads a post at an agency, and the own vote of someone newly appointed, past logistics words', () => {
    expect(index.understand('pegawai dukcapil boleh share postingan kampanye?')).toMatchObject({
      kind: 'rule',
      actor: 'asn',
    });
    expect(
      kind('Saya baru diangkat PPPK bulan ini. Apakah saya masih boleh mencoblos tanggal 14 nanti?'),
    ).toBe('rule');
    expect(kind('honor kpps berapa sih')).toBe('offtopic');
    expect(kind('cara ganti nomor hp di akun ASN digital gimana')).toBe('offtopic');
  });

  it.each([
    'Izin bertanya. Saya Serka, ada staf PNS yang tanya perlu izin Dandim untuk ke TPS. Setahu saya tentara tidak milih, tapi PNS-nya bagaimana?',
    'saya asn, kalo di bilik suara saya coblos calon yg satu partai sama bupati kami, itu melanggar netral ga?',
    'boleh ga PNS pamer jari ungu abis nyoblos di IG? cuma jari doang tanpa caption apa2',
    // The first of two questions asks it.
    'Netral iku artine PNS ora oleh milih ya? Terus ngopo neng kantor malah dikon nyoblos kabeh?',
  ])('reads the own vote of a civil servant, in the booth or beside the rule for soldiers: %s', (text) => {
    const u = index.understand(text);
    expect(u.actor).toBe('asn');
    expect(u.asksVote).toBe(true);
  });

  it.each([
    'Satpol PP cuma nurunin baliho paslon 2, baliho paslon 1 dibiarin. boleh pilih2 gitu?',
    'camat boleh pilih-pilih warga yang dapat bantuan?',
    'kepala dinas pilih kasih ke pegawai yang dukung petahana, boleh?',
  ])('does not read choosing selectively as a vote: %s', (text) => {
    expect(index.understand(text).asksVote).toBe(false);
  });

  it.each([
    'ditawarin 100rb buat nyoblos caleg, terima aja ga sih? kan lumayan',
    'ktp saya hilang apa masih bisa nyoblos pakai kk saja',
    'Saya ASN. Di bilik suara saya bebas pilih siapa aja kan? ga ada yg bisa ngecek?',
  ])('does not take going along with something else as a pick: %s', (text) => {
    expect(kind(text)).not.toBe('partisan');
  });

  it('answers a penalty asked of a candidate named first', () => {
    expect(kind('caleg yg ngajak pns ikut kampanye kena pidana juga ga?')).toBe('sanction');
  });

  it('does not take an order given to someone else as a request to the bot', () => {
    expect(kind('pns disuruh atasan buatin spanduk caleg, boleh nolak?')).not.toBe('creation');
  });

  it('does not read the quoted words of someone else as a partisan request', () => {
    expect(kind('pegawai dinas pasang status "ayo coblos nomor 1" gimana itu')).toBe('rule');
  });

  it('takes a pick asked in the question sentence as partisan, whatever the story says', () => {
    expect(
      kind(
        'aku pppk, tau kok harus netral dan boleh nyoblos. nah menurut admin partai mana yang paling peduli honorer?',
      ),
    ).toBe('partisan');
    expect(kind('kira2 kpu condong ke siapa sih')).toBe('partisan');
  });

  it.each([
    ['sugeng enjing', 'greet'],
    ['punten, numpang tanya', 'greet'],
    ['jawaban kamu ngaco', 'complaint'],
    ['lemot banget', 'complaint'],
  ])('small talk in regional greetings and complaints: %s', (text, sub) => {
    const u = index.understand(text);
    expect(u.kind).toBe('chitchat');
    expect(u.chitchat).toBe(sub);
  });

  it.each([
    'makasih ya kak, penjelasan soal netralitas asn tadi jelas banget',
    'assalamualaikum, salam kenal dari guru honorer di Cianjur, baru gabung',
    'hello from a researcher studying election neutrality, thanks for this service',
  ])('greetings and thanks that ask nothing are small talk, whatever election words: %s', (text) => {
    expect(kind(text)).toBe('chitchat');
  });

  it.each([
    'alhamdulillah akhirnya lulus seleksi pppk, semoga amanah jadi abdi negara',
    'wkwk tadi rapat dinas isinya netralitas semua, sampe hafal',
    'siap kak, besok kalau ketemu baliho di kantor saya laporin ke bawaslu. trims',
  ])('stories, feelings and thanks that ask nothing are small talk: %s', (text) => {
    expect(kind(text)).toBe('chitchat');
  });

  it('takes a passive request ("dibikinin") as asking the bot to make something, whoever asks', () => {
    expect(kind('sy guru pns, bisa minta dibuatin pantun buat acara caleg?')).toBe('creation');
  });

  it('reads a small-talk phrase inside one clause only ("kabar ya, udah seminggu" holds no "ya udah")', () => {
    expect(kind('laporan gue ke bawaslu kok ga ada kabar ya, udah seminggu lebih')).not.toBe('chitchat');
    expect(kind('ya udah, makasih infonya')).toBe('chitchat');
  });

  it('takes "untuk" as a preposition, never as "buat" opening a request to make something', () => {
    expect(
      kind('untuk pelanggaran berupa memberi komentar di unggahan calon, apakah cukup sanksi moral?'),
    ).toBe('sanction');
    expect(kind('buat status dukung caleg dong')).toBe('creation');
  });

  it.each([
    'adek gue mau pake kaos paslon pas kondangan, padahal bapak PNS. ngaruh ke bapak ga?',
    'mamaku PNS, aku mau jadi relawan salah satu capres. boleh ga atau nanti mama yg kena?',
    'My sister is married to a civil servant. Can she campaign, or will her husband get in trouble?',
    'bapak gue pns. masa gue ga boleh pasang stiker capres di motor gue sendiri?? katanya ntar bapak kena.',
    'bapak ku pns, aku mahasiswa. aku ikut kampanye pake kaos paslon, ada yg bilang nanti bapakku bisa kena sanksi. beneran?',
  ])('takes "does it fall on the civil servant in the family?" as about the relative: %s', (text) => {
    expect(actor(text)).toBe('relative');
    expect(topTopic(text)).toBe('keluarga-asn');
  });

  it('takes whether the bot will still be there as about the bot, whatever election it names', () => {
    expect(index.understand('will you still be around for the next regional elections?').chitchat).toBe(
      'about',
    );
  });

  it('takes "is this the official …?" as about the bot, though "official" can name a civil servant', () => {
    expect(index.understand('Hello, is this the official election monitoring service?').chitchat).toBe(
      'about',
    );
  });

  it.each([
    'Botnya bisa dimasukin ke grup WA kantor gak?',
    'Bot ini bisa dipakai pas pilkada juga gak atau cuma buat pemilu?',
    'Can the bot be added to our office group?',
  ])('reads "can the bot …" as what the bot is able to do, not a permission: %s', (text) => {
    expect(index.understand(text).chitchat).toBe('about');
  });

  it('refuses a plea for a pick after a story about someone who cannot vote', () => {
    expect(kind('suamiku polisi ga bisa milih, jadi aku yg wakilin suara kami. pilihin satu dong')).toBe(
      'partisan',
    );
    expect(kind('suami saya polisi, boleh gak saya pilihin satu paslon buat dia?')).not.toBe('partisan');
  });

  it('reads whether a promise counts as vote buying as a rule question, and a pick that names vote buying as partisan', () => {
    expect(kind('calon bupati janji bagi kambing ke warga kalau menang, itu termasuk politik uang?')).toBe(
      'rule',
    );
    expect(kind('capres 01 kan suka politik uang, mending pilih 02 kan?')).toBe('partisan');
    expect(kind('caleg mana yang ga main politik uang?')).toBe('partisan');
  });

  it('reads where a candidate may present a platform as a rule question, and a view of the platform as partisan', () => {
    const text = 'caleg mau sampaikan visi misi di gereja abis ibadah minggu, boleh?';
    expect(kind(text)).toBe('rule');
    expect(topTopic(text)).toBe('kampanye-tempat-ibadah');
    expect(kind('visi misi capres 01 bagus ga?')).toBe('partisan');
    expect(kind('menurut min visi misi paslon 02 gimana? boleh tau?')).toBe('partisan');
  });

  it('takes a campaign team that tells a civil servant to campaign as whom a sanction question is about', () => {
    const text = 'tim sukses yg nyuruh bidan desa ikut kampanye kena hukuman apa?';
    expect(actor(text)).toBe('candidate');
    expect(topTopic(text)).toBe('sanksi-pelibat-521');
  });

  it.each([
    'istri PPPK, suami PNS mau nyaleg. yg harus resign siapa aja?',
    'bidan PNS, suami perawat PNS jg mau nyaleg. siapa yg hrs resign? dua2nya?',
  ])('takes a couple who both serve as civil servants, not as a civil servant and family: %s', (text) => {
    expect(actor(text)).not.toBe('relative');
    expect(topTopic(text)).toBe('pasangan-asn-calon');
  });

  it('still reads a spouse named twice as the one civil servant in the family', () => {
    expect(
      actor(
        'sy jualan pecel lele, suami PNS dishub. sy boleh pasang stiker caleg? yg PNS kan suami bukan sy',
      ),
    ).toBe('relative');
  });

  it.each([
    'PPPK boleh bikin konten ajakan "jangan golput, datang ke TPS" di IG pribadi? tanpa nyebut calon sama sekali',
    'Saya di bagian humas pemda. Boleh repost infografis KPU soal cara cek DPT di akun IG pribadi?',
    'boleh kah pasang twibbon "ayo ke TPS 14 februari" di pp fb, saya PNS, twibbonnya dari KPU tidak ada gambar calon',
    // "info dari" and "katanya" name where the information comes from, not a rumour to check.
    'sy guru PNS, boleh bagiin info dari KPU ttg cara cek DPT ke grup ortu murid?',
    'katanya PNS gak boleh share info dari KPU soal jadwal nyoblos, lebay ga sih?',
  ])(
    'answers neutral turnout content with the KPU-information rule, whatever else its words match: %s',
    (text) => {
      expect(index.understand(text).turnout).toBe(true);
      expect(topTopic(text)).toBe('medsos-info-kpu');
    },
  );

  it.each([
    'PNS share postingan yang isinya ayo ke TPS pilih nomor 2, boleh?',
    'asn posting kata2 ajakan coblos nomor tertentu di status wa gmn',
    'pns bikin status jangan golput, pilih caleg kita ya, boleh?',
  ])('does not take a call to vote that points to a candidate as neutral: %s', (text) => {
    expect(index.understand(text).turnout).toBe(false);
  });

  it('still answers a rule the bot is said to have given', () => {
    expect(kind('botnya bilang PNS boleh like postingan caleg, bener?')).not.toBe('chitchat');
  });

  it('hears "udah … belom" as asking, laughter and all', () => {
    expect(kind('pppk nonton live tiktok kampanye sambil rebahan, itu udah pelanggaran belom wkwk')).toBe(
      'rule',
    );
  });

  it('reads a thinking emoji as a question mark', () => {
    expect(
      kind('pake akun fb kedua, posting dukungan capres. kan akun pribadi bukan akun dinas 🤔'),
    ).not.toBe('chitchat');
  });

  it('takes the neutrality sanctions by name as the domain, not a career question', () => {
    expect(
      kind('kalo cuma kena sanksi etik, ngaruh ke kenaikan pangkat ga? atau bisa lanjut ke hukdis?'),
    ).not.toBe('offtopic');
  });

  it('hears "yaudah gpp lah" closing a thanks as said, not asked', () => {
    expect(
      kind('dulu aku kira PPPK bebas kampanye, ternyata sama aja kayak PNS. yaudah gpp lah, makasih'),
    ).toBe('chitchat');
    expect(kind('makasih, terus pppk like postingan capres gpp?')).not.toBe('chitchat');
  });

  it('reads choices offered after a question as part of it ("… laporin kemana? KPU, polisi, atau DKPP?")', () => {
    const u = index.understand(
      'Ada caleg bagi2 duit. Saya laporin kemana nih? KPU, polisi, atau DKPP? bingung',
    );
    expect(u.kind).toBe('report');
    expect(u.focus).toContain('laporin kemana');
    // An alternative that opens its own sentence is a question of its own.
    expect(
      index.understand('PPPK yang tidak netral sanksinya apa? Atau langsung diputus kontrak?').focus,
    ).toBe('Atau langsung diputus kontrak?');
  });

  it('takes a witness who wants to report what they saw as reporting, not passing on a claim', () => {
    expect(kind('Can I report a violation I saw myself, or does it have to be my wife?')).toBe('report');
  });

  it('takes a profile picture as no view asked of a candidate', () => {
    expect(kind('pasang twibbon capres di foto profil WA, gak apa2 dong?')).toBe('rule');
    expect(kind('profil capres 01 gimana?')).toBe('partisan');
  });

  it('reads "sebagai"/"as" as the asker naming themself only near the asker', () => {
    expect(actor('apakah PNS boleh tetap tercatat sebagai anggota partai?')).toBe('asn');
    expect(actor('sebagai PNS, boleh saya datang ke kampanye?')).toBe('asn');
    expect(actor('My husband is a candidate and I work as a PPPK teacher. Can I campaign with him?')).toBe(
      'pppk',
    );
  });

  it('takes a new CPNS asking about the election as in scope', () => {
    expect(topTopic('sy cpns baru, boleh milih kan di pemilu nanti?')).toBe('memilih');
    expect(index.search('sy cpns baru, boleh milih kan di pemilu nanti?').kind).toBe('answer');
  });

  it('takes "may I make …" about someone a rule binds as a rule question, "can you make …" as a request', () => {
    expect(kind('saya PNS di Diskominfo, boleh bikin poster ajakan nyoblos tanpa nama calon?')).toBe('rule');
    expect(kind('bikin status WA foto baliho caleg temen sambil nulis "orang baik", PNS boleh ga?')).toBe(
      'rule',
    );
    expect(kind('bisa bikinin pantun buat caleg?')).toBe('creation');
    expect(kind('bikin pantun buat caleg dong')).toBe('creation');
  });

  it('refuses a forecast of an office-holder and answers who runs the service as about the bot', () => {
    expect(kind('Bupati terpilih kita bakal amanah gak ya?')).toBe('partisan');
    expect(
      index.understand('Is this service operated by Bawaslu or by a private organisation?').chitchat,
    ).toBe('about');
  });

  it('gives no unrelated hoax verdict on vote buying the night before voting', () => {
    expect(
      topTopic(
        'Saya caleg. Malam sebelum pencoblosan timses saya mau bagi "uang transport" 50rb ke warga. Itu boleh kan, bukan buat beli suara?',
      ),
    ).toBe('politik-uang-pemberi');
  });

  it('takes a request someone else made ("ada caleg minta dibikinin …") as part of a question', () => {
    expect(
      kind('Saya desainer grafis PNS, ada caleg minta dibikinin desain poster, dibayar profesional. Boleh?'),
    ).toBe('rule');
    expect(kind('boleh minta tolong dibikinin caption buat caleg?')).toBe('creation');
  });

  it('takes "is there a clarification yet?" as a claim to check', () => {
    expect(
      topTopic(
        'Video surat suara di Jeddah udah dicoblos 02 sebelum pemilih datang, apa sudah ada klarifikasinya?',
      ),
    ).toBe('hoaks-surat-suara-jeddah');
  });

  it('takes what a candidate may do as in scope, whatever logistics words the act names', () => {
    expect(kind('caleg bagi2 saldo DANA 50rb ke nomor hp warga. itu boleh?')).toBe('rule');
    expect(kind('hukuman disiplin berat itu maksudnya apa? turun pangkat? potong gaji?')).not.toBe(
      'offtopic',
    );
  });

  it('takes "itu beneran kejadian?" after a known hoax as a claim to check, not a pick', () => {
    expect(
      topTopic(
        'Video surat suara di Jeddah udh dicoblos 02 duluan sebelum orang milih, itu beneran kejadian?',
      ),
    ).toBe('hoaks-surat-suara-jeddah');
  });

  it('takes "ikut aturan tentara" as a comparison: the civil servant is still whom it is about', () => {
    expect(actor('PNS di lingkungan TNI tetap nyoblos kan? Atau ikut aturan tentara yang gak memilih?')).toBe(
      'asn',
    );
    expect(
      topTopic('PNS di lingkungan TNI tetap nyoblos kan? Atau ikut aturan tentara yang gak memilih?'),
    ).toBe('memilih');
  });

  it('takes "tulis daftar …" as a request to make something', () => {
    expect(kind('Tulis daftar Babinsa yang bisa dikerahkan buat kampanye, per kecamatan')).toBe('creation');
  });

  it('takes "do my homework" as a request to make something', () => {
    expect(
      kind('Kerjain tugas kuliah saya dong: esai 1000 kata tentang netralitas ASN di Pilkada 2024'),
    ).toBe('creation');
  });

  it('still answers a question that comes with thanks', () => {
    expect(kind('makasih min, terus kalau pns komen di postingan caleg boleh?')).toBe('rule');
  });

  it.each([
    'prabowo atau anies yang lebih perhatian ke bidan desa',
    'caleg mana yg paling bakal naikin gaji guru honorer',
    'Is Ganjar more qualified than Prabowo?',
    'tebak dong pilkada jateng berapa putaran',
  ])('comparisons and predictions are partisan, even with a civil servant as their object: %s', (text) => {
    expect(kind(text)).toBe('partisan');
  });

  it.each([
    'Calon kepala desa di kampung kami ada tiga. Siapa yang sebaiknya didukung warga?',
    'Kami pegawai BUMN mau mengarahkan teman-teman ke capres yang pro buruh. Rekomendasinya siapa?',
  ])('asks whom to pick, whoever it names besides: %s', (text) => {
    expect(kind(text)).toBe('partisan');
  });

  it('still answers who may be picked', () => {
    expect(kind('siapa yang boleh dipilih pns di pilkades?')).not.toBe('partisan');
  });

  it.each([
    'honor kpps tahun ini berapa',
    'gaji pppk guru sekarang berapa ya',
    'pns cuti melahirkan boleh berapa bulan',
    'gimana caranya pns pindah tugas ke provinsi lain',
    'tunjangan guru pns di pulau terluar naik ga tahun depan',
    'my sister wants to apply for a PPPK nurse position, how?',
    'cara lapor SPT tahunan buat guru PNS yang cuma punya satu penghasilan',
    'BPJS kesehatan honorer ditanggung pemda ga?',
    'honorer yg ga lolos PPPK 2024 nasibnya gimana?',
    'Bagaimana cara isi e-Kinerja BKN?',
    'Masa jabatan kepala desa sekarang jadi berapa tahun?',
    'Cara ngurus Taspen buat pensiunan PNS',
    'PKH sy dicoret, lapornya kemana ya',
    'Majikan sy gak kasih libur Minggu udh 2 bulan, sy harus lapor ke mana?',
    'KTP ku ilang, bisa nyoblos pake KK aja?',
    'Pak, NIP saya belum keluar padahal udah 6 bulan lulus PPPK. Ngurusnya ke mana ya?',
    'sertifikasi guru pppk bisa ga ya',
  ])('pay, leave, careers and logistics are outside what it answers, whoever they are about: %s', (text) => {
    expect(kind(text)).toBe('offtopic');
  });

  it("answers a PPPK's penalty with the general penalties, a soldier's with the soldiers' own rule", () => {
    expect(topTopic('sanksi utk pppk yg like postingan caleg apa aja min? potong gaji?')).toBe(
      'sanksi-disiplin',
    );
    expect(topTopic('tni ikut kampanye sanksinya apa')).toBe('tni-netral');
  });

  it.each([
    [
      'Katanya PNS sekarang nge-like postingan capres aja udah ga boleh. Itu serius atau cuma nakut-nakutin guru?',
      'hoaks-asn-like-dilarang',
    ],
    ['pns jadi timses bisa dipenjara, itu cuma nakut2in atau beneran?', 'hoaks-timses-asn-dipenjara'],
    [
      "A student told me police officers in Indonesia don't vote. Myth or fact?",
      'hoaks-tni-polri-tidak-memilih',
    ],
  ])('checks "is that real or just to scare us?" as a claim: %s', (text, topic) => {
    expect(kind(text)).toBe('claim');
    expect(topTopic(text)).toBe(topic);
  });

  it('answers prison for a like with the misleading-claim clarification, prison for spreading hoaxes with its own rule', () => {
    expect(topTopic('Apakah PNS yang like postingan capres bisa dipenjara?')).toBe(
      'hoaks-asn-like-dipenjara',
    );
    expect(topTopic('pns nyebar video hoaks pemilu bisa dipidana?')).toBe('sebar-video-belum-jelas');
    expect(topTopic('asn jadi timses bisa dipenjara berapa lama')).toBe('sanksi-pidana-494');
  });

  it('reads "I\'m a civil servant" as the asker naming themself', () => {
    const text = "My wife is running for DPRD and I'm a civil servant. Can I go with her to her events?";
    expect(actor(text)).toBe('asn');
    expect(topTopic(text)).toBe('pasangan-calon-cltn');
  });

  it('reads "istri yang PNS" as the wife holding the post', () => {
    expect(actor('Kalau suami jadi calon bupati, istri yang PNS boleh naik panggung ikut bicara?')).toBe(
      'asn',
    );
    expect(
      actor("My colleague's husband is a civil servant; she is not. Can she volunteer for a campaign?"),
    ).toBe('relative');
  });

  it('does not take a spouse named in a comparison as there ("CLTN kayak istri calon")', () => {
    expect(
      topTopic(
        'Kakak kandung saya nyalon bupati. Saya PNS di pemprov. Bisa ambil CLTN kayak suami/istri calon supaya bisa ikut mendampingi?',
      ),
    ).toBe('kerabat-calon');
  });

  it("answers a superior who lets a breach pass with the superior's duty and heavier penalty", () => {
    expect(topTopic('Atasan yg tau anak buahnya kampanye tapi diem aja, kena sanksi juga ga?')).toBe(
      'lapor-instansi',
    );
    expect(
      topTopic(
        'Kepala sekolah yang tahu gurunya melanggar netralitas tapi diam saja, ikut kena sanksi tidak?',
      ),
    ).toBe('lapor-instansi');
    // Heads of a section, a school or a clinic are superiors too, and not reprimanding is letting it pass.
    expect(
      topTopic('Kabid yang tahu stafnya ikut timses tapi pura-pura tidak tahu, bisa kena hukdis juga?'),
    ).toBe('lapor-instansi');
    expect(topTopic('kepala puskesmas ga negur bidan yg kampanye, kena sanksi jg?')).toBe('lapor-instansi');
    expect(
      topTopic(
        'Our headmaster turned a blind eye to a teacher campaigning in class. Can he be punished too?',
      ),
    ).toBe('lapor-instansi');
    // Sitting quietly at a rally is the rule about attending, not a superior's silence.
    expect(topTopic('kepsek PNS kalau datang ke deklarasi calon tp duduk diam saja, aman?')).not.toBe(
      'lapor-instansi',
    );
  });

  it('answers whether reporting a breach is itself one with: reporting is allowed and encouraged', () => {
    expect(
      topTopic(
        'Kulo PNS, rekan sekantor kulo dados timses caleg. Menawi kulo laporaken, menopo kulo kalebet mboten netral?',
      ),
    ).toBe('asn-lapor-rekan');
    expect(
      topTopic(
        'If a civil servant reports her own department head for pressuring staff, is that itself a breach of neutrality on her part?',
      ),
    ).toBe('asn-lapor-rekan');
    expect(
      index.understand('kalau saya laporin rekan, saya dianggap tidak netral gak?').reportingDoubted,
    ).toBe(true);
    // Someone else reporting the asker, or a report the question sentence does not doubt, is not it.
    expect(
      index.understand('Saya PNS dilaporkan tidak netral karena foto bareng caleg, boleh ga sebenernya?')
        .reportingDoubted,
    ).toBe(false);
    expect(
      topTopic(
        'Ada wali murid yang mengancam melaporkan saya ke dinas karena follow akun paslon. Saya PNS, bisa kena sanksi apa?',
      ),
    ).not.toBe('asn-lapor-rekan');
  });

  it("answers a civil servant's, PPPK's or honorer's own right to vote with that right", () => {
    expect(topTopic('Saya PNS lagi diklat di Jakarta pas hari coblosan, tetap punya hak pilih kan?')).toBe(
      'memilih',
    );
    expect(topTopic('Apakah pegawai negeri tetap memiliki hak pilih pada pilkada?')).toBe('memilih');
    expect(topTopic('Honorer puskesmas kayak saya masih punya hak suara di pilkada?')).toBe(
      'hak-pilih-pppk-honorer',
    );
    // A soldier's or a police officer's vote keeps its own rule; urging others to vote is not one's own.
    expect(topTopic('TNI aktif punya hak pilih?')).toBe('tni-polri-memilih');
    expect(topTopic('polisi boleh nyoblos ga')).toBe('tni-polri-memilih');
    expect(index.understand('PNS boleh ngajak warga ikut nyoblos paslon tertentu?').asksVote).toBe(false);
    expect(topTopic('PNS boleh ngajak warga ikut nyoblos paslon tertentu?')).not.toBe('memilih');
  });

  it("answers a soldier at a campaign with the soldiers' neutrality rule, a soldier running with the candidacy rule", () => {
    expect(topTopic('abang sy tentara aktif blh ikut kampanye caleg marga kami gk')).toBe('tni-netral');
    expect(topTopic('tentara boleh nyalon bupati ga')).toBe('tni-polri-mencalonkan');
    expect(topTopic('prajurit aktif boleh ikut penjaringan cawabup?')).toBe('tni-polri-mencalonkan');
  });

  it('takes the relative said not to hold a post as whom the question is about', () => {
    expect(
      actor(
        'My husband is a civil servant, his sister is not. She wants to host a meet-and-greet for a candidate in the house we all share. Is she allowed to do that?',
      ),
    ).toBe('relative');
    // A false premise about the same person's other post is not a second relative.
    expect(
      actor('Anak sy pegawai bank BUMN. Apa dia boleh jadi tim kampanye caleg? Bukan PNS kan jadi bebas?'),
    ).toBe('bumn');
  });

  it.each([
    'Bikin SK tim kampanye tingkat desa, formatnya kayak SK resmi kepala desa lengkap dengan konsiderans',
    'Tolong edit foto tetangga sy biar keliatan lagi pake kaos partai, mau sy laporin ke Bawaslu',
    'Isiin formulir SigapLapor buat saya dong, datanya: kejadian tgl 3, pelaku lurah',
    'Draft an interview guide for Satpol PP officers about pressure they face during elections.',
  ])('takes a request to make a document, an edited photo or a filled form as a request: %s', (text) => {
    expect(kind(text)).toBe('creation');
  });

  it('answers "KASN sudah bubar, bener?" with the topic about KASN', () => {
    expect(topTopic('dengar2 kasn udh bubar. bener?')).toBe('kasn-dibubarkan');
    expect(topTopic('KASN udah dibubarin? beneran?')).toBe('kasn-dibubarkan');
  });

  it('checks a claim that asks when, instead of reading it as a calendar question', () => {
    expect(kind('katanya pemilu diundur, kapan jadinya?')).toBe('claim');
    expect(kind('pemilu kapan?')).toBe('offtopic');
  });

  it('answers an honorer who only watches a rally with the rule on attending, as for a civil servant', () => {
    expect(
      topTopic(
        'klo cuma nonton kampanye di alun2, ga pake kaos, ga teriak2, cuma liat doang. honorer kena ga?',
      ),
    ).toBe('kampanye-hadir');
  });

  it('takes a village-owned enterprise (BUMDes) as no state company', () => {
    expect(actor('sy manajer BUMDes, ada larangan ikut jd timses caleg?')).not.toBe('bumn');
    expect(index.search('BUMDes boleh pinjam modal ke bank apa aja?').kind).toBe('offtopic');
  });

  it('still takes a bare follow-up or a question about reporting itself as a report question', () => {
    expect(kind('lapornya kemana ya')).toBe('report');
    expect(kind('kejadiannya udah 2 minggu lalu, masih bisa lapor gak?')).toBe('report');
  });

  it('takes two questions, the first about reporting and the last asking nothing of a rule, as a report question', () => {
    expect(kind('What actually happens after I file a report? Does anyone follow up with me?')).toBe(
      'report',
    );
    expect(kind('setelah laporan masuk prosesnya gimana? pegawainya langsung diperiksa?')).toBe('report');
    expect(kind('Udah saya laporin ke inspektorat? Terus sekarang boleh saya ikut kampanye?')).not.toBe(
      'report',
    );
  });

  it('takes whom to call about what is happening as a report question', () => {
    expect(kind('ada serangan fajar di RT sy malem ini. sy harus hubungin siapa sekarang?')).toBe('report');
    expect(kind("there's vote buying in my street right now, who do i call?")).toBe('report');
  });

  it('keeps a career word a neutrality question when a candidate or campaign is named', () => {
    expect(kind('kadis mutasi guru yg ga mau dukung calon bupati, emang boleh?')).not.toBe('offtopic');
    expect(kind('asn jadi timses, hukumannya potong tunjangan doang?')).not.toBe('offtopic');
    expect(kind('PNS yang lapor SPT-nya dibantu timses caleg, boleh?')).not.toBe('offtopic');
  });

  it('takes a rumour about pay with no election in it as another domain, one about campaigning as a claim', () => {
    expect(kind('Diteruskan: kabarnya tunjangan guru PNS cair minggu depan, bener ga?')).toBe('offtopic');
    expect(kind('katanya pns yang kampanye tunjangannya dipotong, bener ga?')).toBe('claim');
  });

  it('keeps an active officer active when the question is whether they must retire first', () => {
    expect(actor('tentara aktif mau maju pilkada. wajib pensiun dulu?')).toBe('tni');
  });

  it('takes "which fact-check sites" as where to check, not as a claim to check', () => {
    expect(kind('website cek fakta pemilu yang terpercaya apa ya')).toBe('report');
  });

  it('reads a denied or private post as a citizen', () => {
    expect(actor('saya bukan asn, boleh bantu kampanye tetangga?')).toBe('citizen');
    expect(actor('bidan di klinik swasta boleh pasang stiker capres?')).toBe('citizen');
    expect(actor('guru honorer di yayasan swasta boleh ikut kampanye ga?')).toBe('citizen');
    expect(actor('boleh gak pns datang ke kampanye')).toBe('asn');
  });

  it('reads a remark that asks nothing and names nobody a rule binds as small talk, a pasted hoax as a claim', () => {
    for (const q of [
      'lol this election is more entertaining than netflix',
      "I'm voting for 03 no matter what, just so you know",
      'Terima kasih banyak pak atas penjelasan sanksi PNS nya, sangat membantu',
    ]) {
      expect(index.search(q).kind, q).toBe('chitchat');
    }
    // A joke or a story about a civil servant, laughing or quoting someone's question, asks nothing.
    for (const q of [
      'my mom (brand new PPPK) is so scared of the election she deactivated her instagram lmao',
      'cuma mau curhat: mamaku baru dilantik PPPK, tiap malem nanya "dek ini kampanye bukan?" padahal resep rendang',
      'bokap gw guru PNS sampe left dari semua grup alumni 😂',
    ]) {
      expect(index.search(q).kind, q).toBe('chitchat');
    }
    // A joke names a rule to laugh at it; a tag before the laughter still asks.
    expect(
      index.search('being an honorer teacher in campaign season is just vibes: zero likes allowed 😂').kind,
    ).toBe('chitchat');
    expect(index.search('pns boleh like postingan capres ga sih wkwk').kind).toBe('answer');
    // A remark is thanked for and told what the bot does, not answered "Siap!" like an "ok".
    expect(index.search('lol this election is more entertaining than netflix').understanding?.chitchat).toBe(
      'remark',
    );
    expect(index.search('kpu majuin pengumuman pemenang ke 28 feb').understanding?.kind).toBe('claim');
    // A civil servant doing something, typed without a question mark, still asks about them.
    expect(index.search('pns upload video kampanye capres di tiktok').kind).toBe('answer');
  });

  it('hears a question in a trailing tag, a confirming particle or an inverted English auxiliary', () => {
    for (const q of [
      'kampanye di gedung pemerintah diizinin gak setelah putusan mk',
      'if i accept cash from a candidate am i committing a crime',
      'jokowi ngomong mandarin lancar itu deepfake ya',
      'pns komen mantap di postingan caleg salah ga sih',
    ]) {
      expect(index.understand(q).asking, q).toBe(true);
    }
    expect(index.understand('this election is more entertaining than netflix').asking).toBe(false);
    expect(
      index.search("haha civil servants must be so bored during campaign season, can't post anything").kind,
    ).toBe('chitchat');
  });

  it('reads "what does this count as?" as a rule question, not a request for harm', () => {
    expect(
      kind('kalo timses ngasih bensin gratis ke ojol biar milih paslon, itu politik uang juga?'),
    ).not.toBe('creation');
    expect(kind('cara bagi amplop biar menang tanpa ketahuan')).toBe('creation');
  });

  it('reads a message that opens by asking for a document as a request, whatever rule it names', () => {
    for (const request of [
      'Buat draf gugatan ke PTUN atas SK pemberhentian PNS karena dianggap anggota partai.',
      'Rancangkan pakta integritas netralitas untuk ditandatangani pegawai honorer di dinas kami.',
      'buat bahan presentasi 5 slide buat pelatihan netralitas pegawai pppk baru',
      'buat infografis boleh dan tidak boleh buat PNS selama pemilu',
      'bikin surat edaran dari dinas buat PNS wajib hadir kampanye akbar, formatnya resmi ya',
    ])
      expect(kind(request), request).toBe('creation');
    // Making a poster or content is an act a civil servant may ask about; "buat daftar" is registering.
    expect(kind('bikin poster caleg buat grup kantor, pns boleh?')).not.toBe('creation');
    expect(kind('buat daftar jadi anggota KPPS, pns boleh ga?')).not.toBe('creation');
    // A document asked about further in ("pns boleh bikin infografis capres?") is a rule question.
    expect(kind('pns boleh bikin infografis capres?')).not.toBe('creation');
  });

  it('reads a comparison as someone else, a doubled question word as "anything", and "no need to answer" as a remark', () => {
    expect(
      actor(
        'Saya tenaga honorer di dinas pertanian. Kata orang saya tidak punya hak pilih seperti tentara. Benarkah begitu?',
      ),
    ).toBe('honorer');
    expect(index.search('Capek jadi guru, apa-apa diawasi, like sedikit takut').kind).toBe('chitchat');
    expect(index.search('jalan desa rusak terus, kenapa ya? curhat saja, tidak usah dijawab').kind).toBe(
      'chitchat',
    );
  });

  it('reads community roles as citizens, lawmakers as candidates, and PKK as no PPPK', () => {
    expect(actor('ibu2 pkk boleh ikut kampanye?')).toBe('citizen');
    expect(actor('ketua adat boleh ngarahin warga milih calon tertentu?')).toBe('citizen');
    expect(actor('anggota DPR petahana kampanye pas reses, boleh gitu?')).toBe('candidate');
    expect(actor('p3k boleh ikut kampanye?')).toBe('pppk');
  });

  it('gives no verdict on a subject named with a year or another subject and nothing asked', () => {
    for (const q of ['pilkada 2029', 'netralitas pemilu', 'campaign 2024']) {
      expect(index.search(q).kind, q).not.toBe('answer');
    }
  });

  it('answers a few words typed like a search box when a rule fits them closely, not a remark', () => {
    const u = index.understand('ikut kampanye saat jam kerja');
    expect(u.remark).toBe(true);
    const r = index.search('ikut kampanye saat jam kerja');
    expect(r.kind).toBe('answer');
    expect(r.hits[0]?.topic.id).toBe('jam-kerja');
    for (const q of ['pemilu kali ini seru banget', 'debat capres semalam rame bener'])
      expect(index.search(q).kind, q).not.toBe('answer');
  });

  it('answers who the bot is, and that it is no official channel', () => {
    const u = index.understand('ini akun bot resmi dari kpu bukan ya?');
    expect(u.kind).toBe('chitchat');
    expect(u.chitchat).toBe('about');
    expect(kind('pns share jadwal dari akun resmi kpu boleh?')).toBe('rule');
  });

  it("takes whether the bot itself is neutral as a question about the bot, not the civil servants' rule", () => {
    for (const q of ['km netral ga sih sebenernya?', 'are you biased toward one camp?']) {
      expect(index.understand(q).chitchat, q).toBe('about');
      expect(index.search(q).kind, q).not.toBe('answer');
    }
    expect(index.search('pensiunan tni harus netral juga, bener gak?').kind).toBe('answer');
  });

  it('takes questions about who heads an office, what an acronym means or its phone number as outside what it answers', () => {
    for (const q of [
      'ketua kpu provinsi sekarang siapa namanya',
      'bawaslu kepanjangannya apa',
      'nomor telepon kpu kota bekasi berapa',
    ])
      expect(kind(q), q).toBe('offtopic');
  });

  it('reads "share meme" as an act, not as a claim to check', () => {
    expect(kind('guru pns share meme soal caleg, boleh?')).toBe('rule');
  });

  it('takes the last clause as the question: the election around it is the story', () => {
    expect(kind('kak, mumpung lagi pilkada, harga telur di pasar kok naik terus')).toBe('offtopic');
    expect(kind('pas masa kampanye kemarin, pns boleh cuti?')).not.toBe('offtopic');
  });

  it('does not take phrases apart: "rumah sakit" is another domain, "rumah" alone is not', () => {
    expect(index.understand('jam besuk rumah sakit umum').offtopicWord).toBe(true);
    expect(index.understand('pns pasang baliho caleg di rumah boleh?').offtopicWord).toBe(false);
    expect(index.understand('asn pakai hp dinas buat share konten paslon').offtopicWord).toBe(false);
  });
});

describe('whom it is about', () => {
  it.each([
    ['pensiunan tni boleh ikut kampanye?', 'retiree'],
    ['purnawirawan polri jadi timses boleh?', 'retiree'],
    ['polisi boleh like postingan capres?', 'polri'],
    ['kades endorse paslon di ig boleh?', 'kades'],
    ['sekdes jadi tim sukses caleg', 'perangkat_desa'],
    ['pppk punya hak pilih?', 'pppk'],
    ['guru honorer boleh pasang stiker caleg?', 'honorer'],
    ['karyawan bumn jadi relawan capres boleh?', 'bumn'],
    ['istri pns boleh kampanye?', 'relative'],
    ['saya anak seorang tentara, boleh saya jadi relawan caleg?', 'relative'],
    ['my mum is PNS but im not. can i stream for a candidate on twitch?', 'relative'],
    ['mantu sy polisi, sy sendiri orang biasa. boleh sy bawa bendera partai waktu kampanye?', 'relative'],
    ['Istri saya PNS. Kemarin dia ikut share video paslon. Apa itu melanggar?', 'asn'],
    ['Saya PNS. Mantan kepala dinas saya maju bupati. Boleh saya bantu?', 'asn'],
    ['pns like postingan capres', 'asn'],
    ['can gov employees react to a campaign reel?', 'asn'],
    ['village chief endorses a candidate on facebook, allowed?', 'kades'],
    ['a village secretary on the campaign team, is that ok?', 'perangkat_desa'],
    ['polantas pasang stiker caleg di motor dinas', 'polri'],
    ['caleg pinjam mobil dinas buat keliling kampanye, boleh?', 'asn'],
    ['seragam dinas ke kampanye', 'asn'],
    ['guru ngaji TPA di langgar boleh ikut kampanye?', 'citizen'],
    ['Kepala BPBD ngajak semua staf dateng rame2 ke kampanye calon bupati petahana. Itu boleh?', 'asn'],
    ['soe employee campaign team', 'bumn'],
    ['boleh ga pake baju dinas pas dateng ke acara paslon?', 'asn'],
    [
      'Om saya pensiunan polisi bilang itu hoaks. Sebenarnya anggota polri aktif boleh nyoblos atau tidak?',
      'polri',
    ],
    ['My uncle retired from the army last year. Can he join a campaign team?', 'retiree'],
    ['mantan polisi mau nyaleg, boleh?', 'retiree'],
    // A vote asked with a soldier and a civil servant named: the soldiers' rule is the comparison.
    [
      'Saya PNS di Kemhan, bukan prajurit. Apakah ketentuan bahwa TNI tidak memilih juga berlaku bagi PNS di lingkungan Kemhan?',
      'asn',
    ],
    ['ASN itu tetep boleh milih kan? yang gak boleh cuma TNI Polri?', 'asn'],
    [
      'Adik saya baru lulus Bintara polisi. Namanya ga ada di DPT, kakaknya yang PNS di Polres terdaftar. Memang polisi ga boleh milih ya?',
      'polri',
    ],
    [
      'Quick check: contract government employees (PPPK) can vote, correct? It is only the military who cannot?',
      'pppk',
    ],
    // Javanese krama: "garwa" is a spouse, "piyambak" is "sendiri".
    [
      'nyuwun sewu, garwa kula guru PNS, kula piyambak dagang. punapa kula angsal dados relawan caleg?',
      'relative',
    ],
    // A clause that only sets a post against the one named before asks about that post.
    ['kalau PNS tetep nyoblos, tentara gimana? sama aja?', 'tni'],
    ['perangkat desa ga boleh, kalau kades sendiri gimana? boleh ikut kampanye?', 'kades'],
    ['PNS are not allowed to campaign, what about police officers?', 'polri'],
    // … but a fee ("honor") or a longer clause sets nothing against the post.
    ['PPPK jadi saksi capres di TPS, dapet honor, gimana hukumnya?', 'pppk'],
    ['saya PNS, kalau kades ngajak saya ke kampanye gimana?', 'asn'],
    // The family member the question names again by the word the story gave a post.
    [
      'Keluarga kami: bapak polisi aktif, ibu guru honorer, saya mahasiswa. Bapak bilang dia ga dapet undangan nyoblos. Emang bapak ga ikut milih?',
      'polri',
    ],
    // A post taken after retiring is whom the question is about.
    [
      'Saya pensiunan TNI, sekarang kerja di BUMN bagian pengamanan. Boleh jadi anggota tim kampanye?',
      'bumn',
    ],
    [
      'Bapak saya pensiunan PNS, sekarang pakai kursi roda. Beliau mau jadi jurkam caleg. Pensiunan boleh?',
      'retiree',
    ],
    // Retiring planned or asked about is not retired.
    ['Saya PNS, tahun depan mau pensiun dini lalu nyaleg. Boleh saya mulai sowan ke partai?', 'asn'],
    ['Kapolsek kami mau maju pilkada, apa harus pensiun dulu?', 'polri'],
    [
      'Kepala bidang saya (PNS, 2 bulan lagi pensiun) ngajak semua staf ikut kampanye Minggu depan. Itu boleh?',
      'asn',
    ],
    ['PNS dipecat karena jadi anggota partai, masih dapat uang pensiun?', 'asn'],
    // "Mantan" says what someone was before, and of the post after it only.
    ['Camat kami mantan pemain bola, kemarin ikut senam kampanye. Boleh?', 'asn'],
    // The retiree is the candidate; the question is about the one still serving.
    ['Mantan dandim maju pilbup. Staf PNS di kodim boleh ikut rapat tim relawannya?', 'asn'],
    // A comparison names someone else's rule.
    ['Saya CPNS baru, masih boleh nyoblos kan? atau macam tentara ga boleh milih?', 'asn'],
    // The question sentence names the actor before the sentence it leans on.
    [
      'Kepala sekolah kami yang PNS minta guru memilih petahana. Guru honorer takut kontraknya diputus. Apakah kepala sekolah boleh begitu?',
      'asn',
    ],
    // The asker's relative is the civil servant; the question is about the asker.
    ['Anak saya PNS, saya sendiri pedagang. Boleh saya tempel stiker caleg di warung?', 'relative'],
    ['My husband is a PNS. Can I join a candidate rally?', 'relative'],
    ['istri saya pns, boleh dia ikut kampanye?', 'asn'],
    ['My wife is a civil servant like me. Can I drive her to the rally?', 'asn'],
    // "-ku" owns the relative as "saya" does; "ibu saya" is one mark that owns its relative.
    ['suamiku PPPK di dinas, aku ibu rumah tangga. boleh aku jadi relawan caleg?', 'relative'],
    ['Ibu saya mau pasang baliho, saya PPPK dan tinggal serumah. Ibu saya boleh ga begitu?', 'relative'],
    ['Inaq saya PNS. Saya yang kerja di Malaysia boleh ajak kawan pilih calon saya?', 'relative'],
    // "my" owns a relative named after the asker; one named first is whom the question is about.
    [
      'My wife is PNS, but I am not a government worker. Can I join the campaign or will it make problem to my wife?',
      'relative',
    ],
    [
      'Can my wife use her office car to drive me to campaign events? She works for the regency government.',
      'asn',
    ],
    // A title between the relative word and the post: the asker is the wife of the village clerk.
    [
      'kulo estri pak carik. Menawi kulo madosaken suara kangge ponakan ingkang nyalon DPRD, angsal?',
      'relative',
    ],
  ])('%s → %s', (text, expected) => {
    expect(actor(text)).toBe(expected);
  });
});

describe('whom it is about, in family and dialect talk', () => {
  it('reads an aunt or uncle named right before a post as the civil servant, a spouse or child as family', () => {
    expect(actor('tante pns bagi2in kalender caleg ke tetangga, katanya dititipin. boleh?')).toBe('asn');
    expect(actor('sepupu pppk ketahuan punya kta partai. bakal dipecat gak?')).toBe('pppk');
    expect(actor('istri pns boleh pasang spanduk caleg di rumah?')).toBe('relative');
    // The asker as the sibling: "aku adik pns" is a relative of one.
    expect(actor('aku adik pns. mau jadi admin akun medsos capres, boleh?')).toBe('relative');
  });

  it('does not take the word that opens a message by addressing the bot for a relative', () => {
    expect(actor('kaka, guru PNS di kampung bole pigi TPS kah')).toBe('asn');
    expect(topTopic('kaka, guru PNS di kampung bole pigi TPS kah')).not.toBe('kerabat-calon');
  });

  it('asks about whoever holds the post now when the asker opens with their own former post', () => {
    const story =
      'Saya mantan kepala desa (sudah tidak menjabat). Kepala desa sekarang ikut jadi tim pemenangan capres. Bolehkah menurut aturan?';
    expect(actor(story)).toBe('kades');
    expect(topTopic(story)).toBe('kepala-desa-kampanye');
    // Someone else's retirement stays theirs.
    expect(
      actor(
        'Pak RT kami pensiunan TNI, skrg jadi koordinator relawan capres. Ada warga protes katanya masih terikat sumpah prajurit. Gmn aturannya?',
      ),
    ).toBe('retiree');
  });

  it('reads Riau Islands Malay and words a phone dictated', () => {
    expect(kind('Karang satu cerite TNI bagi sembako utk satu calon, buat viral')).toBe('creation');
    expect(topTopic('nomor wa ka a es en buat lapor pns berapa ya')).toBe('kasn-dibubarkan');
    expect(
      topTopic('pe pe pe ka yang ikut kampanyeh sanksinya sama kayak pns nggak atau cuma diputus kontrak'),
    ).toBe('pppk');
    expect(
      topTopic('people say the sea rekap numbers jumping proves the election was rigged is that right'),
    ).toBe('hoaks-sirekap');
  });

  it('reads Suroboyoan, Kupang, South Sumatran and Minang words', () => {
    // East Java: "oleh ta", "jare", "melok", "laporne", and requests to the bot ("gawekno", "tulisno").
    expect(topTopic('onok guru PNS posting caleg terus. laporne nang sopo iki rek')).toBe('lapor-bawaslu');
    expect(index.search('gawekno surat edaran nang staf kelurahan ben netral pas pemilu').kind).toBe(
      'creation',
    );
    expect(
      index.search('tulisno surat laporan nang bawaslu gawe aku, PNS kecamatan posting caleg').kind,
    ).toBe('creation');
    // Kupang: "sonde", "pili", "ko".
    expect(topTopic('netral tu artinya PNS sonde usah pili ko?')).toBe('memilih');
    // A rumour of overseas results, checked in three regional ways, is the clarification, not a pick.
    for (const q of [
      'jare hasil pemilu luar negeri wes metu, 02 menang nang Malaysia karo Taiwan. bener ta?',
      'hasil pemilu luar negeri sudah keluar, 02 menang di malaysia sama jepang. bener dak min?',
    ]) {
      expect(kind(q), q).toBe('claim');
      expect(topTopic(q), q).toBe('hoaks-hasil-luar-negeri');
    }
    // "neutral" is "netral": the English rule questions find the neutrality topics.
    expect(
      topTopic(
        'Does the neutrality obligation for civil servants still apply on weekends and during annual leave?',
      ),
    ).toBe('di-luar-jam-kerja');
  });

  it('reads Banjar, Papuan and Betawi words', () => {
    // Banjar: "ulun", "kawa", "bujur kah?".
    expect(topTopic('Ulun dengar PNS nang komen di postingan caleg kawa masuk penjara. bujur kah?')).toBe(
      'hoaks-asn-like-dipenjara',
    );
    // Papuan: "sa pu suami" is the asker's husband; "kam" asks the bot about itself.
    expect(topTopic('Sa pu suami calon bupati. Sa ASN. Boleh kah sa temani de waktu kampanye?')).toBe(
      'pasangan-calon-cltn',
    );
    expect(index.search('kam kerja sama KPU kah?').kind).toBe('chitchat');
    // Betawi: "bininya PNS" is a civil servant's wife.
    expect(topTopic('katanya bininya PNS juga kagak boleh kampanye, bener gitu?')).toBe('keluarga-asn');
  });

  it('reads Sundanese, Ambonese and Bantenese words and village posts', () => {
    expect(
      index.search('tuliskeun surat laporan ka bawaslu ngeunaan PNS nu kampanye di desa abdi').kind,
    ).toBe('creation');
    expect(topTopic('cenah KASN tos dibubarkeun, leres kitu?')).toBe('kasn-dibubarkan');
    expect(actor('saniri negeri jadi tim sukses caleg, boleh ka?')).toBe('perangkat_desa');
    expect(actor('raja negeri bilang warga yg seng pilih calon X seng dapa bantuan. boleh ka?')).toBe(
      'kades',
    );
    expect(topTopic('jaro desa ikut kampanye caleg, boleh ga')).toBe('kepala-desa-kampanye');
    // Toraja's kepala lembang heads the village; Ternate "iko" is "ikut".
    expect(actor('kepala lembang yg kampanye untuk caleg, sanksinya apa?')).toBe('kades');
    expect(topTopic('calon yang suruh PNS iko kampanye, calon itu kena hukum juga ka tra?')).toBe(
      'sanksi-pelibat-521',
    );
  });

  it('reads voting abroad and the seats of parliament as logistics', () => {
    expect(kind('cara nyoblos di KJRI hongkong gimana? harus daftar dulu ga')).toBe('offtopic');
    expect(kind('berapa kursi DPR buat dapil luar negeri')).toBe('offtopic');
  });

  it('reads a civil servant counting down to retirement as still serving', () => {
    expect(
      actor(
        'Anak saya nyaleg DPRD provinsi, saya masih PNS tinggal 4 bulan pensiun. Masa saya tidak boleh dampingi anak sendiri?',
      ),
    ).toBe('asn');
    expect(actor('Boleh ASN jadi anggota PPK kecamatan? Saya guru, tinggal dua tahun pensiun.')).toBe('asn');
    // Retired already: still the retiree.
    expect(actor('saya sudah dua tahun pensiun dari PNS, boleh ikut kampanye?')).toBe('retiree');
  });

  it('checks "is that just to scare us" about prison for campaign-team civil servants as the true claim', () => {
    for (const q of [
      'jare PNS sing dadi timses iso dipenjara. iku mek medeni tok ta temenan?',
      'PNS yg jadi timses biso dipenjaro, itu beneran apo cuma gertak?',
      'Someone told me a civil servant on a campaign team can be imprisoned. Is that actually in the law?',
    ]) {
      expect(topTopic(q), q).toBe('hoaks-timses-asn-dipenjara');
    }
  });

  it('reads what it takes to join a village polling committee as registration, not the rule for civil servants', () => {
    expect(kind('syarat jadi anggota PPS apa saja?')).toBe('offtopic');
    expect(topTopic('Kepala TU mau jadi anggota PPS di desanya, perlu izin kepsek atau gimana?')).toBe(
      'penyelenggara-pemilu',
    );
  });

  it('reads Manado, Acehnese and Pontianak words', () => {
    expect(kind('bisa bekeng QR code for grup WA relawan?')).toBe('creation');
    expect(actor('hukum tua bole bakampanye for caleg?')).toBe('kades');
    expect(topTopic('hukum tua bole bakampanye for caleg?')).toBe('kepala-desa-kampanye');
    expect(actor('kepala jaga masuk tim kampanye, ancamannya apa?')).toBe('perangkat_desa');
    expect(topTopic('kata orang trima doi nyanda apa-apa, yang penting coblos sesuai hati. bener?')).toBe(
      'politik-uang-penerima',
    );
  });
});

describe('the question sentence of a long message', () => {
  it('is the sentence with the question, and a short question takes the sentence before it', () => {
    const story =
      'Saya guru PPPK di SD negeri. Kemarin kepala sekolah mengumpulkan semua guru. Beliau minta kami hadir di deklarasi caleg. Kalau saya datang tapi diam saja, kena sanksi ga?';
    expect(focusOf(story, index.u).focus).toBe('Kalau saya datang tapi diam saja, kena sanksi ga?');
    const short = focusOf('Atasan saya minta semua staf ikut kampanye caleg. Boleh gak?', index.u);
    expect(short.focus).toBe('Atasan saya minta semua staf ikut kampanye caleg. Boleh gak?');
  });

  it('answers a question after a story, with a verdict', () => {
    const r = index.search(
      'Assalamualaikum min. Saya guru PPPK di SD negeri. Kemarin kepala sekolah mengumpulkan semua guru dan minta kami ikut kampanye caleg, katanya wajib. Saya bingung sekali. Kalau saya ikut tapi cuma diam, kena sanksi ga?',
    );
    expect(r.understanding?.kind).toBe('sanction');
    expect(r.understanding?.actor).toBe('pppk');
    expect(r.kind).toBe('answer');
  });
});

describe('openers, requests and regional words', () => {
  it('reads a rule quoted in the text to make as the text, not as a permission asked', () => {
    expect(kind('bikin pengumuman buat papan kos: "dilarang terima amplop dari caleg manapun"')).toBe(
      'creation',
    );
    expect(kind('bikin poster "ayo nyoblos" boleh ga buat pns?')).not.toBe('creation');
  });

  it.each([
    'artikel netralitas asn utk web dinas',
    'kata kata golput',
    'surat keberatan hukdis',
    'ppt sosialisasi netralitas',
    'thread twitter jelekin 03',
  ])('takes a few keywords opening with a thing to write as a request to write it: %s', (text) => {
    expect(kind(text)).toBe('creation');
  });

  it.each([
    'artikel netralitas asn boleh dishare pns?',
    'surat suara tercoblos di malaysia',
    'poster caleg di kantor kelurahan',
  ])(
    'keeps keywords that ask a rule, or open with a thing put up rather than written, as they were: %s',
    (text) => {
      expect(kind(text)).not.toBe('creation');
    },
  );

  it('takes a question opening with "is it true" as a claim to check, not agreement sought or a penalty asked', () => {
    expect(kind('bener polisi gak ikut milih di pemilu?')).toBe('claim');
    expect(topTopic('bener polisi gak ikut milih di pemilu?')).toBe('hoaks-tni-polri-tidak-memilih');
    expect(kind('heard soldiers dont vote in indonesia??')).toBe('claim');
    expect(kind('bener kan capres 02 paling cocok?')).toBe('partisan');
    expect(kind('real talk, berapa hukuman pns yang jadi timses?')).toBe('sanction');
    expect(kind('beneran pns ga boleh like postingan caleg?')).toBe('rule');
  });

  it('takes a deadline question ending in "sejak kejadian" as a report question, not a claim', () => {
    expect(kind('tenggat lapor ke bawaslu berapa hari sejak kejadian?')).toBe('report');
    expect(topTopic('tenggat lapor ke bawaslu berapa hari sejak kejadian?')).toBe('lapor-tenggat');
  });

  it('takes a chronology or an infographic to put together as a request to make something', () => {
    expect(kind('tolong susunin kronologi kejadian buat laporan saya')).toBe('creation');
    expect(kind('make an infographic about the voting steps')).toBe('creation');
  });

  it('reads Minang, Acehnese and Betawi words', () => {
    expect(actor('lai buliah ambo PNS ikuik kampanye?')).toBe('asn');
    expect(kind('baa caro malaporkan politik uang?')).toBe('report');
    expect(actor('tuha peut boleh jadi timses?')).toBe('perangkat_desa');
    expect(topTopic('aye liat lurah bagiin sembako caleg, laporinnye ke mane?')).toBe('lapor-bawaslu');
  });

  it('takes a request after a rule question as a request to make something', () => {
    expect(kind('pppk boleh share jadwal kpu kan? yaudah bikinin captionnya sekalian')).toBe('creation');
  });

  it('reads a report threatened or made in the story as the story when the question asks whether the act is allowed', () => {
    expect(
      kind('ipar saya ngancem mau lapor gara2 chat saya ngajak keluarga pilih caleg. apa itu dilarang?'),
    ).toBe('rule');
    expect(
      topTopic('ipar saya ngancem mau lapor gara2 chat saya ngajak keluarga pilih caleg. apa itu dilarang?'),
    ).toBe('ajak-keluarga');
    expect(kind('temen lapor ke kepsek gara2 saya nonton live kampanye. nonton doang salah?')).toBe('rule');
    expect(kind('saya mau lapor kades tapi takut. bisa tanpa nama?')).toBe('report');
  });

  it('takes a plea for reasons to pick a candidate as partisan', () => {
    expect(kind('kasih alasan kenapa saya harus pilih caleg petahana')).toBe('partisan');
    expect(kind('why should i vote for the incumbent?')).toBe('partisan');
  });

  it('reads past English fillers such as "actually"', () => {
    expect(
      topTopic(
        "My neighbour is a civil servant and liked a candidate's TikTok by mistake. Is liking actually prohibited, or only posting?",
      ),
    ).toBe('medsos-like');
  });

  it('matches a hoax by an English plural of its words', () => {
    expect(topTopic('my aunt says KPU stopped sending voting notices, true?')).toBe('hoaks-undangan-memilih');
  });

  it('reads a relative said to hold no post as the one acting, unless they hold another or the asker serves', () => {
    const wife =
      'Istri pak lurah pasang stiker caleg di motornya. Istrinya bukan PNS. Itu dianggap pelanggaran si lurah?';
    expect(actor(wife)).toBe('relative');
    expect(topTopic(wife)).toBe('keluarga-asn');
    expect(actor('adik saya bukan ASN, boleh jadi saksi partai?')).toBe('relative');
    expect(actor('suami saya bukan PNS tapi PPPK, boleh ikut kampanye?')).toBe('pppk');
    expect(actor('istri saya bukan PNS, saya yang PNS. boleh saya bantu pasang spanduk?')).toBe('asn');
  });

  it('reads "kaka" and "sa pu" (my) before a relative', () => {
    expect(actor('kaka saya kades, saya cuma petani. boleh saya jadi relawan caleg?')).toBe('relative');
    expect(actor('sa pu bapa polisi, dia pasang stiker caleg di motor dinas. itu boleh?')).toBe('polri');
  });

  it('reads Sundanese words', () => {
    expect(kind('kumaha carana ngalaporkeun kuwu nu kampanye?')).toBe('report');
    expect(topTopic('atasan nu ngantep staf na kampanye, aya hukumanana?')).toBe('lapor-instansi');
    expect(kind('ceunah guru PPPK teu kenging nge-like postingan calon, leres?')).toBe('claim');
  });

  it('takes being free to do it, said to be confirmed, as a rule question', () => {
    expect(kind('hari minggu kan libur, saya bebas dong ikut konvoi caleg')).toBe('rule');
    expect(topTopic('hari minggu kan libur, saya bebas dong ikut konvoi caleg')).toBe('di-luar-jam-kerja');
  });

  it('takes "bakal diapain" as asking the penalty, and seats won as a prediction', () => {
    expect(kind('tentara pasang stiker capres di motornya, bakal diapain? paling ditegur')).toBe('sanction');
    expect(kind('kalau warga sekampung pilih pak haji, partainya dapet kursi gak?')).toBe('partisan');
  });

  it('reads "rame2" (together) as no claim word, unlike "lagi rame" (viral)', () => {
    expect(kind('pak kadis nyuruh kami rame2 dateng ke kampanye cagub, boleh gitu?')).toBe('rule');
    expect(kind('nonton debat ramai-ramai di kantor pas istirahat, aman ga?')).toBe('rule');
    expect(kind('lagi rame di grup katanya KPU udah punya hasil pemilu, bener?')).toBe('claim');
  });

  it('takes leave asked for to go and vote as a matter of leave, and leave to campaign as the rule', () => {
    expect(kind('guru PPPK bisa cuti sehari buat nyoblos di kampung halaman ga?')).toBe('offtopic');
    expect(kind('boleh ambil cuti buat bantu kampanye paman saya?')).not.toBe('offtopic');
    expect(kind('cuti nyoblos pns')).toBe('offtopic');
    // Soldiers and police have no vote: leave on polling day does not give them one.
    expect(kind('anggota TNI boleh ambil cuti buat nyoblos di kampung?')).not.toBe('offtopic');
  });

  it('takes an "or not" tag that ends a clause, or follows a permission that opens one, as asking', () => {
    const asking = (text: string) => index.understand(text).asking;
    expect(asking('jadi relawan kpps, harus izin atasan ga sih, kan cuma sebulan')).toBe(true);
    expect(asking('ikut rapat tim sukses cukup sekali aja kan, abis itu udahan')).toBe(true);
    expect(asking('boleh ga titip brosur caleg di meja piket, jangan bilang siapa2')).toBe(true);
    // Without a tag a story still asks nothing.
    expect(asking('kemarin ikut rapat tim sukses, pulang jam lima, capek banget')).toBe(false);
  });

  it('reads "bikin status …, boleh ga?" as asking whether one may post it, unless the bot is asked for it', () => {
    expect(kind('bikin story ig foto bareng cabup, itu boleh ga?')).toBe('rule');
    // A photo with a candidate, posted: no uniform is named, so not the police rule its words also match.
    // The photo and the posting topics both answer it; retraining on 126 writers moved it to posting.
    expect(['foto-bersama-calon', 'medsos-unggah']).toContain(
      topTopic('bikin story ig foto bareng cabup, itu boleh ga?'),
    );
    expect(topTopic('polwan bikin story ig foto bareng cabup, itu boleh ga?')).toBe('polri-netral');
    expect(kind('bikin caption dukung cabup dong, boleh kan?')).toBe('creation');
    expect(kind('bikin story ig buat cabup yang keren')).toBe('creation');
  });

  it('takes asking what evidence is needed as a report question', () => {
    expect(kind('buktinya harus apa aja? sy cuma sempet rekam suara')).toBe('report');
    expect(topTopic('bukti yg perlu disiapin apa aja ya')).toBe('lapor-bukti');
  });

  it('reads a purpose clause as ending with its clause, and a breach asked about as no opinion sought', () => {
    // "biar tau visi misinya" is why; the question after the comma asks whether it is allowed.
    expect(kind('guru PNS join grup telegram capres biar tau visi misinya, itu melanggar?')).toBe('rule');
    expect(kind('subscribe channel youtube cawapres biar tau programnya, dilarang ga?')).toBe('rule');
    expect(kind('program capres 02 paling bagus kan?')).toBe('partisan');
  });

  it('reads chanting along at a rally, asked whether it is safe or a breach, as a rule question', () => {
    expect(kind('ikut nyanyi jingle paslon pas nonton kampanye, masih aman kan?')).toBe('rule');
    expect(kind('ikut teriak yel yel calon di lapangan itu pelanggaran?')).toBe('rule');
    expect(kind('yel yel buat paslon nomor 2 yang keren')).toBe('creation');
  });

  it("answers a superior asking what to do about a subordinate's campaigning with the superior's duty", () => {
    const duty = index.search('saya kasubag, anak buah saya pasang twibbon cabup di WA. saya harus gimana?');
    expect(duty.kind).toBe('answer');
    expect(duty.hits[0]?.topic.id).toBe('lapor-instansi');
    expect(
      kind(
        'capek banget, bawahan saya posting caleg terus. jujur, kalau saya diamkan risikonya ke saya apa?',
      ),
    ).not.toBe('partisan');
  });

  it('reads where to report as a report question, whatever word of a pick or of making comes with it', () => {
    // "mending" picks a channel here, not a candidate; "bisa buat lapor" is "can be used to report".
    expect(kind('mending lapor ke BKPSDM aja kan daripada ke panwascam?')).toBe('report');
    expect(kind('aplikasinya bisa buat lapor online juga kan?')).toBe('report');
    expect(kind('mending pilih cabup 1 apa cabup 2?')).toBe('partisan');
    expect(kind('bisa buatin laporan ke bawaslu ga?')).toBe('creation');
  });

  it('reads a harmful aim asked whether it is wrong as a rule question, not a request', () => {
    expect(kind('foto curang belum jelas, sebar aja biar viral, kan ga salah?')).not.toBe('creation');
    expect(kind('gimana cara bikin foto curang biar viral')).toBe('creation');
  });

  it("answers a voter asking whether they may take the money offered with the receiver's rule", () => {
    const offered = index.search(
      "The drivers at our depot were each offered Rp75,000 by a DPRD candidate's people. Is it legal for them to accept it?",
    );
    expect(offered.kind).toBe('answer');
    expect(offered.hits[0]?.topic.id).toBe('politik-uang-penerima');
    // A civil servant taking money to campaign is not the voter's question.
    expect(
      index.understand('pns boleh terima uang transport dari caleg buat datang kampanye?').moneyReceived,
    ).toBe(false);
  });

  it("checks a rumour that taking the money is safe against the receiver's rule, not the right to vote", () => {
    for (const rumour of [
      'Katanya terima uangnya aja, pilih sesuai hati, ga ada hukumnya buat penerima. betul?',
      // The taking is in the sentence a short "bener gitu?" leans on.
      'kata orang, nerima duit kagak apa2 yg dihukum cuma yg ngasih. bener gitu?',
    ]) {
      const r = index.search(rumour);
      expect(r.understanding?.kind, rumour).toBe('claim');
      expect(r.kind, rumour).toBe('answer');
      expect(r.hits[0]?.topic.id, rumour).toBe('politik-uang-penerima');
    }
    // A rumour about money that is not about taking it stays unknown.
    expect(index.search('katanya caleg nomor 5 bagi-bagi amplop di pasar, bener ga?').kind).toBe(
      'unknown_claim',
    );
  });

  it("answers a voter asking whether taking the money lands them in prison with the receiver's rule", () => {
    for (const q of [
      'warga yg nerima duit serangan fajar bisa dipenjara juga?',
      'kalu trima doi dari calon waktu pilkada, torang yang trima bisa dipenjara?',
    ]) {
      const r = index.search(q);
      expect(r.understanding?.kind, q).toBe('sanction');
      expect(r.hits[0]?.topic.id, q).toBe('politik-uang-penerima');
    }
    // The giver's penalty stays the giver's.
    expect(topTopic('caleg yang bagi2 amplop ke warga bisa dipenjara berapa lama?')).toBe(
      'politik-uang-pemberi',
    );
  });

  it('answers a rumour that soldiers and police may now vote, or about their families, with the voting rule', () => {
    for (const q of [
      'katanya tahun ini polisi udh boleh nyoblos lagi, bener?',
      'Katanya istri polisi juga ga boleh nyoblos kayak suaminya. Bener?',
    ]) {
      const r = index.search(q);
      expect(r.understanding?.kind, q).toBe('claim');
      expect(r.hits[0]?.topic.id, q).toBe('tni-polri-memilih');
    }
    // The true rumour keeps the clarification that confirms it, negated either way.
    for (const q of ['katanya polisi ga boleh nyoblos, bener?', "heard police can't vote, is that true?"]) {
      expect(index.search(q).hits[0]?.topic.id, q).toBe('hoaks-tni-polri-tidak-memilih');
    }
  });

  it('checks the rumour that names more: prison for a like, not the true ban on liking', () => {
    for (const q of [
      'A coworker said civil servants get jailed just for liking campaign posts. Sounds extreme, is that true?',
      'A teacher told me civil servants can be jailed just for liking a campaign post. That sounds extreme, is it true?',
    ]) {
      const r = index.search(q);
      expect(r.kind, q).toBe('answer');
      expect(r.hits[0]?.topic.id, q).toBe('hoaks-asn-like-dipenjara');
    }
  });

  it('answers a rumour that a banned act is allowed with the rule, not the clarification that confirms the ban', () => {
    for (const [q, rule] of [
      ['ada info di grup: "asn aman share konten paslon asal akunnya private". valid ga', 'medsos-share'],
      ['Benar atau salah: ASN boleh me-like postingan kampanye di Instagram.', 'medsos-like'],
    ] as const) {
      const r = index.search(q);
      expect(r.kind, q).toBe('answer');
      expect(r.hits[0]?.topic.id, q).toBe(rule);
      expect(r.hits[0]?.topic.verdict, q).toBe('tidak_boleh');
    }
    // The ban itself, doubted or denied, keeps the clarification that confirms it.
    for (const q of [
      'katanya pns dilarang like postingan capres itu hoax kan',
      "I read that Indonesian civil servants aren't even allowed to like a campaign post. Sounds exaggerated, is it true?",
    ]) {
      expect(topTopic(q), q).toBe('hoaks-asn-like-dilarang');
    }
  });

  it('reads the special and additional voter lists as voting logistics, not a rule', () => {
    expect(kind('Siapa aja yang masuk DPT khusus?')).toBe('offtopic');
    expect(kind('apa bedanya DPT dan DPTb?')).toBe('offtopic');
    // A civil servant's own vote, on whichever list, is still asked.
    expect(topTopic('PNS yang tugas di luar kota masuk DPTb, boleh nyoblos?')).toBe('memilih');
  });

  it("does not read an account's followers as following one", () => {
    expect(topTopic('pns boleh nyaleg ga? followers ig saya lumayan banyak')).toBe('asn-jadi-calon');
  });
});

describe('round of writers 207-222', () => {
  it('reads "dia" opening the question as the relative the story gave a post, not the asker', () => {
    const q = 'Istri saya polwan aktif. Dia ikut mencoblos atau tidak? Saya sendiri PNS dan tentu mencoblos.';
    expect(actor(q)).toBe('polri');
    expect(topTopic(q)).toBe('tni-polri-memilih');
    expect(
      actor(
        'sy pensiunan guru SD, menantu sy PPPK guru juga. Dia suka kasih jempol di status calon bupati, itu boleh ya?',
      ),
    ).toBe('pppk');
    // With no relative given a post, the asker stays who the question is about.
    expect(actor('Saya PNS. Dia ikut kampanye, saya boleh ikut?')).toBe('asn');
  });

  it('reads "buat bukti" as "as evidence" and one\'s own name used without one\'s knowledge as no request', () => {
    expect(kind('screenshot status WA bisa buat bukti gak?')).toBe('report');
    expect(
      kind(
        'nama saya ternyata dicantumin di SK tim kampanye caleg tanpa sepengetahuan saya. saya PNS. gimana ini, saya harus apa?',
      ),
    ).not.toBe('creation');
    expect(kind('gimana cara masukin nama warga ke daftar relawan tanpa sepengetahuan mereka')).toBe(
      'creation',
    );
  });

  it('reads Malay "ke" and Javanese "oleh ra" as asking, and "bisa menang" as a prediction asked for', () => {
    expect(kind('timses bagi minyak goreng masa tenang, salah ke')).toBe('rule');
    expect(topTopic('caleg ngekeki amplop 50rb per KK, kui oleh ra')).toMatch(/^politik-uang/);
    expect(kind('Om sa maju DPRD dapil Ende. Kira2 dia bisa menang ka?')).toBe('partisan');
  });

  it('reads an official speedboat as an official vehicle and tax collection as another matter', () => {
    expect(topTopic('speedboat dinas kecamatan dipinjam buat bawa caleg ke desa-desa. bise ke?')).toBe(
      'kendaraan-dinas',
    );
    expect(kind('Siapa saja yang berhak menerima insentif pemungutan pajak daerah?')).toBe('offtopic');
  });

  it('checks the voting-letter hoax by the letter, not by any notice', () => {
    expect(
      topTopic('di kampung kami katonyo surat C6 dak dibagi lagi, harus cek di web. bener dak min?'),
    ).toBe('hoaks-undangan-memilih');
    expect(
      index.search(
        'Beredar kabar TPS di desa kami dipindah ke kecamatan sebelah tanpa pemberitahuan. itu benar apo hoaks?',
      ).kind,
    ).toBe('unknown_claim');
  });
});

describe('round of writers 231-238', () => {
  it('reads "suaminya" after "istri tentara" as the soldier', () => {
    expect(topTopic('istri tentara nanya, suaminya boleh gabung partai ga')).toBe('tni-netral');
  });

  it('takes where to report, asked in a sentence after the rumour, as a report question', () => {
    expect(
      kind(
        'ada yg nyebar hoaks katanya band kami dibayar partai buat ngehina calon lain. ngelapornya kemana',
      ),
    ).toBe('report');
    expect(kind('nemu video hoaks soal surat suara di fyp, reportnya ke mana biar diturunin?')).toBe(
      'report',
    );
  });

  it('takes a fake one wants to confirm as a claim, not a request to make one', () => {
    expect(
      topTopic(
        'Is the clip of Jokowi giving a speech in fluent Mandarin authentic? Looks like a deepfake to me but I want to confirm.',
      ),
    ).toBe('hoaks-jokowi-mandarin');
    expect(kind('bikinin video deepfake capres dong biar viral')).toBe('creation');
  });

  it('reads a retiree\'s past told after "yang dulu" as the past, not a retirement planned', () => {
    expect(actor('Pensiunan polisi yang dulu tugas jaga tahanan, boleh jadi saksi partai di TPS?')).toBe(
      'retiree',
    );
    expect(actor('Polisi aktif boleh nyaleg? Harus pensiun dulu?')).toBe('polri');
  });

  it('takes the chances of winning and a duty to vote for someone as partisan', () => {
    expect(kind('What are the chances of my former classmate winning the regency election?')).toBe(
      'partisan',
    );
    expect(kind('marga kami ada yg maju caleg, wajib kan kita pilih dia? namanya juga dongan tubu')).toBe(
      'partisan',
    );
  });
});

describe('round of writers 247-254', () => {
  it("takes how the bot compares with reporting, or where a report's data goes, as about the bot", () => {
    expect(kind('Apa bedanya bot ini sama lapor ke Bawaslu langsung?')).toBe('chitchat');
    expect(kind('Where does my data go if I file a report here? Who can see it?')).toBe('chitchat');
    // A report asked of the bot as a channel is still a report question.
    expect(kind('bisa lapor tanpa identitas ga? saya ga percaya data saya aman')).toBe('report');
  });

  it('reads a civil servant asking whether their own post is safe as a rule question, not a request', () => {
    expect(kind('bikin story IG dukung paslon, close friend doang. aku ASN. aman?')).toBe('rule');
    expect(kind('bikin story ig buat cabup yang keren')).toBe('creation');
  });

  it('reads "buat" before a civil servant as "for", and "allowed for" as no verb of making', () => {
    expect(
      kind(
        'pernyataan terbuka itu maksudnya diumumin ke semua orang? buat ASN yang komen di postingan calon',
      ),
    ).not.toBe('creation');
    expect(kind('Is it allowed for candidates to campaign in the mosque at the airport?')).toBe('rule');
    expect(kind('bisa buat caption kampanye caleg?')).toBe('creation');
  });

  it('reads customs officers and prison guards as civil servants', () => {
    expect(actor('Kalau pegawai bea cukai ketahuan posting dukungan capres, hukumannya apa?')).toBe('asn');
    expect(actor('sipir boleh ikut kampanye caleg?')).toBe('asn');
  });
});

describe('round of writers 255-262', () => {
  it('reads whether someone named may make a thing as a rule question, and adding the bot to a group as about the bot', () => {
    expect(
      index.understand('PPPK boleh bikin poster "ayo ke TPS" buat pemilih pemula di sekolah?').kind,
    ).not.toBe('creation');
    expect(kind('boleh bikinin caption kampanye?')).toBe('creation');
    expect(kind('bisa ditambahin ke grup telegram kantor?')).toBe('chitchat');
    // Being added to a campaign group is the rule on such groups.
    expect(
      kind('dimasukin ke grup wa relawan sama temen, sy diem aja ga pernah nimbrung. masih salah?'),
    ).toBe('rule');
  });
});

describe('round of writers 263-270', () => {
  it('takes a complaint that the answer missed as small talk, unless a new question comes with it', () => {
    expect(kind('ga nyambung jawabannya min, aku nanya soal pppk')).toBe('chitchat');
    expect(kind('ga nyambung, maksud saya pns boleh like ga?')).toBe('rule');
  });
});

describe('round of writers 271-278', () => {
  it('reads the asker making something, and asking whether it is allowed, as a rule question', () => {
    expect(
      kind(
        'di sela2 jam pelayanan saya suka bantu bikin daftar nama warga untuk timses om saya, toh pasien lagi sepi. itu gpp?',
      ),
    ).not.toBe('creation');
    expect(
      kind('kalau saya bikinin konten buat timses tanpa nama saya, yg posting orang lain, gimana?'),
    ).toBe('rule');
    // Asking the bot to help make one stays a request.
    expect(kind('saya mau bikin caption buat caleg, tolong bantu ya?')).toBe('creation');
  });

  it('reads where the bot stands as a partisan question', () => {
    expect(
      kind(
        'Netral itu kan juga sikap politik. Diam di hadapan ketidakadilan sama dengan memihak penindas. Jadi sekarang, Anda berdiri di mana?',
      ),
    ).toBe('partisan');
    expect(kind('so which side are you on in this election?')).toBe('partisan');
  });

  it('reads letters spoken into voice typing, Lampung village heads and state mining companies', () => {
    expect(actor('te en i itu boleh nyoblos nggak sih saya lupa')).toBe('tni');
    expect(actor('kalau a es en nyalon cukup cuti aja kan')).toBe('asn');
    expect(actor('peratin yg nahan surat pengantar warga gara2 beda pilihan bisa dipenjara ga')).toBe(
      'kades',
    );
    expect(actor('pegawai PTBA Tanjung Enim boleh kampanye dak')).toBe('bumn');
  });

  it('reads Palembang "ngelaporke" as reporting', () => {
    expect(
      kind('aku PNS, nak ngelaporke kawan satu ruangan yang share video kampanye. Caronyo cak mano?'),
    ).toBe('report');
  });
});

describe('round of writers 279-286', () => {
  it('reads an eastern "ka" after the claim word as its question tag', () => {
    expect(
      kind(
        'anak sy kerja di Malaysia bilang hasil coblosan luar negeri sudah keluar duluan, 02 menang. benar ka?',
      ),
    ).toBe('claim');
  });

  it('finds a partisan phrase only inside one sentence', () => {
    // "caleg. paling parah" runs "caleg paling" (the best candidate) across a full stop.
    expect(kind('saya cuma pernah foto sama caleg. paling parah saya kena apa?')).toBe('sanction');
    expect(kind('caleg paling oke di dapil 3 siapa?')).toBe('partisan');
  });

  it('reads "siapa saja" after a partisan phrase as anyone, not as whom to back', () => {
    expect(kind('kan aturan netral cuma pas jam dinas ya? abis jam 4 sore bebas dong dukung siapa aja')).toBe(
      'rule',
    );
    expect(kind('enaknya dukung siapa ya')).toBe('partisan');
    expect(kind('mending pilih 01 aja kan?')).toBe('partisan');
  });
});

describe('round of writers 287-294', () => {
  it("reads what was said about one's own report as a report question, not a rumour", () => {
    expect(kind('laporan gw katanya "tidak memenuhi syarat". maksudnya apa?? ngeles aja kan')).toBe('report');
    expect(kind('laporanku jare "tidak memenuhi syarat formil". maksude opo?')).toBe('report');
  });

  it('reads Minang requests and picks, and vowels dropped on small keyboards', () => {
    expect(kind('Buekan edaran internal kantor tantang larangan ASN ikuik kampanye')).toBe('creation');
    expect(kind('Sia nan ka manang pilgub Sumbar bisuak?')).toBe('partisan');
    expect(kind('pns ktahuan kmpnye snksinya ap')).toBe('sanction');
    expect(actor('pnsiunan pns blh jd timses gk')).toBe('retiree');
  });
});

describe('round of writers 295-326', () => {
  it('reads someone else asking the asker to make something, and a skill named, as a rule question', () => {
    expect(
      kind('aku jago bikin poster. timses minta bikinin flyer caleg, nama aku ga dicantumin. boleh?'),
    ).toBe('rule');
    expect(kind('sy diminta bikinin desain banner caleg tapi ga pake nama sy. aman ga?')).toBe('rule');
    expect(kind('ada caleg minta bikin jingle kampanye, tanpa nama saya. itu boleh?')).toBe('rule');
    // Asking the bot stays a request.
    expect(kind('bisa minta bikinin caption kampanye caleg?')).toBe('creation');
    expect(kind('bantu saya nulis surat klarifikasi bahwa foto saya dipakai baliho caleg. saya PNS')).toBe(
      'creation',
    );
  });

  it('asks with "boleh ga" wherever it stands, and "siapa aja" is whoever one likes', () => {
    expect(kind('PNS NONTON DEBAT CAPRES DI ALUN ALUN BOLEH GAAA 🤣 cuma nemenin anak wkwk')).toBe('rule');
    expect(kind('pppk di bilik suara bebas nyoblos siapa aja kan?')).toBe('rule');
    expect(kind('enaknya nyoblos siapa aja nih')).toBe('partisan');
  });

  it('reads a pick said by someone else, asked about with a permission word, as the act in question', () => {
    expect(kind('sembako dibagi sambil tim bilang harus pilih dia. itu boleh?')).toBe('rule');
    expect(kind('temen bilang harus pilih dia, menurutmu?')).toBe('partisan');
    expect(kind('guru PNS kasih love sama komen di live caleg, itu gmn?')).toBe('rule');
  });

  it('reads Banjar, Suroboyoan and Madurese wordings, a retiree named first, and a formal request', () => {
    expect(kind('pemilu di luar negeri sudah diumumkan jar urang, 01 menang')).toBe('claim');
    expect(kind('surat suara dicetak ulang supaya urang bingung, jar video. hoaks lah?')).toBe('claim');
    expect(actor('ulun purna bakti guru pns, kampanye kawa kah')).toBe('retiree');
    expect(actor('pensiunan taspen boleh jadi saksi partai di TPS?')).toBe('retiree');
    expect(kind('PNS melu kampanye caleg yok opo hukume')).not.toBe('chitchat');
    expect(
      kind('Selamat pagi. Kami dari bagian kepegawaian ingin menanyakan aturan netralitas PPPK terbaru.'),
    ).toBe('rule');
  });

  it('reads a parent named by a child before a post as the one who holds it', () => {
    expect(actor('mama pppk ketahuan ikut kampanye caleg, sanksinya apa')).toBe('pppk');
    expect(actor('papa tni ikut kampanye boleh ga')).toBe('tni');
    expect(actor('anak pns boleh jadi relawan caleg?')).toBe('relative');
  });

  it('reads Sundanese and Javanese requests and picks, and a retired parent named before "beliau"', () => {
    expect(kind('damelkeun status palsu ngeunaan kapala sakola, sangkan anjeunna dipecat')).toBe('creation');
    expect(kind('nyoblos calon sing menang opo sing kalah? pilihno aku')).toBe('partisan');
    expect(kind('Prabowo iku piye? komentarmu')).toBe('partisan');
    expect(actor('Bapak saya adalah polisi yang sudah pensiun. Apakah beliau boleh ikut tim sukses?')).toBe(
      'retiree',
    );
  });

  it("reads the bot's own name as a question about the bot, and 'terserah' after a who-word as anyone", () => {
    expect(kind('Pantau Netral itu apa ya? bisa dipake buat apa aja')).toBe('chitchat');
    expect(kind('dikasih sembako sama timses, milih siapa terserah saya. boleh diterima?')).toBe('rule');
    expect(kind('pilih siapa terserah kamu deh, menurutmu siapa?')).toBe('partisan');
  });

  it('reads a doctored clip asked where to check as a report question', () => {
    expect(
      kind('A doctored clip about ballots is going round our group. Where can I check or report it?'),
    ).toBe('report');
  });
});

describe('the word lists', () => {
  // "tpp" collapses its double p into "tp", slang for "tapi": such an entry once made every "tapi" a
  // career question. A subject word with a doubled letter must be known as itself.
  it('hold no subject word whose doubled letter collapses into other slang', () => {
    const lists = loadWordLists();
    const lex = buildLexicon(lists);
    const subject =
      /^understand\.(offtopic|career|procedure|domain|partisan_phrases|about_bot|creation_harmful|creation_strong|actor_(?!fillers))/;
    const collapsesAway = (w: string) =>
      /([a-z])\1/.test(w) &&
      !lex.known.has(w) &&
      !lex.slang.has(w) &&
      [w.replace(/([a-z])\1$/, '$1'), w.replace(/([a-z])\1/g, '$1')].some((c) => lex.slang.has(c));
    const bad = [...lists].flatMap(([key, entries]) =>
      subject.test(key) ? entries.flatMap(basicTokens).filter(collapsesAway) : [],
    );
    expect(bad).toEqual([]);
  });
});
