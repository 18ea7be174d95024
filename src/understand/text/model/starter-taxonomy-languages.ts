// German, Spanish and Dutch names and keywords of the starter taxonomy's themes, merged into it by id, so
// comments in those languages keep their themes by keyword (diacritics folded, as the tokenizer does).
// Words that are also common English or French words are left out ("personal", "local", "cola", "dure",
// "vies", "cara"), and those the English and French lists already hold.
import type { ThemeDefinition } from './taxonomy.js';

/** Per theme id: names and keywords to add. */
export const MORE_LANGUAGES: Record<string, { name: Record<string, string>; keywords: string[] }> = {
  staff: {
    name: { de: 'Personal', es: 'Personal', nl: 'Personeel' },
    keywords: [
      'mitarbeiter*',
      'verkaufer*',
      'bedienung',
      'kassierer*',
      'empleado*',
      'vendedor*',
      'camarero*',
      'cajero*',
      'dependient*',
      'personeel',
      'medewerker*',
      'verkoper*',
      'kassamedewerker*',
    ],
  },
  'staff.friendliness': {
    name: { de: 'Freundlichkeit', es: 'Amabilidad', nl: 'Vriendelijkheid' },
    keywords: [
      'freundlich*',
      'unfreundlich*',
      'hoflich*',
      'amable*',
      'grosero*',
      'antipatic*',
      'simpatic*',
      'vriendelijk*',
      'onvriendelijk*',
      'beleefd*',
      'onbeleefd*',
    ],
  },
  waiting: {
    name: { de: 'Warten', es: 'Espera', nl: 'Wachten' },
    keywords: [
      'warten',
      'wartezeit',
      'warteschlange',
      'gewartet',
      'espera',
      'esperar',
      'esperando',
      'fila',
      'wachten',
      'wachttijd',
      'gewacht',
      'lang duren',
    ],
  },
  price: {
    name: { de: 'Preis', es: 'Precio', nl: 'Prijs' },
    keywords: [
      'preis*',
      'teuer*',
      'gunstig*',
      'precio*',
      'caro',
      'caros',
      'barato*',
      'prijs*',
      'duur',
      'goedkoop*',
    ],
  },
  delivery: {
    name: { de: 'Lieferung', es: 'Entrega', nl: 'Levering' },
    keywords: [
      'lieferung*',
      'geliefert',
      'versand*',
      'paket*',
      'entrega*',
      'envio*',
      'paquete*',
      'levering*',
      'bezorging*',
      'bezorgd',
      'pakket*',
      'verzending*',
    ],
  },
  product: {
    name: { de: 'Produktqualität', es: 'Calidad del producto', nl: 'Productkwaliteit' },
    keywords: [
      'qualitat',
      'produkt*',
      'artikel',
      'calidad',
      'producto*',
      'articulo*',
      'kwaliteit',
      'producten',
    ],
  },
  digital: {
    name: { de: 'Website und App', es: 'Web y app', nl: 'Website en app' },
    keywords: ['webseite', 'internetseite', 'pagina web', 'aplicacion', 'webshop'],
  },
  billing: {
    name: { de: 'Rechnung und Zahlung', es: 'Facturación y pago', nl: 'Factuur en betaling' },
    keywords: [
      'rechnung*',
      'zahlung*',
      'abbuchung*',
      'factura*',
      'pago',
      'cobro*',
      'factuur*',
      'betaling*',
      'afschrijving*',
    ],
  },
  communication: {
    name: { de: 'Kommunikation', es: 'Comunicación', nl: 'Communicatie' },
    keywords: [
      'kommunikation',
      'antwort',
      'keine antwort',
      'comunicacion',
      'respuesta',
      'sin respuesta',
      'communicatie',
      'antwoord',
      'geen antwoord',
    ],
  },
  cleanliness: {
    name: { de: 'Sauberkeit', es: 'Limpieza', nl: 'Netheid' },
    keywords: ['sauber*', 'schmutzig*', 'dreckig*', 'limpi*', 'sucio*', 'sucia*', 'schoon', 'vuil*'],
  },
  store: {
    name: { de: 'Geschäft und Ausstattung', es: 'Tienda e instalaciones', nl: 'Winkel en faciliteiten' },
    keywords: [
      'geschaft',
      'laden',
      'filiale',
      'parkplatz*',
      'tienda*',
      'aparcamiento',
      'winkel*',
      'filiaal',
      'parkeer*',
    ],
  },
  returns: {
    name: { de: 'Rückgabe und Umtausch', es: 'Devoluciones y cambios', nl: 'Retour en ruil' },
    keywords: [
      'ruckgabe',
      'umtausch*',
      'zuruckgeschickt',
      'devolucion*',
      'devolver',
      'devuelto',
      'retourneren',
      'ruilen',
      'teruggestuurd',
    ],
  },
};

/** The themes with the names and keywords above added (by id, at any depth). */
export function withMoreLanguages(themes: readonly ThemeDefinition[]): ThemeDefinition[] {
  return themes.map((t) => {
    const more = MORE_LANGUAGES[t.id];
    return {
      ...t,
      ...(more ? { name: { ...t.name, ...more.name }, keywords: [...t.keywords, ...more.keywords] } : {}),
      ...(t.subthemes ? { subthemes: withMoreLanguages(t.subthemes) } : {}),
    };
  });
}
