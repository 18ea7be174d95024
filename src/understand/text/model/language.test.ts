import { describe, expect, it } from 'vitest';
import { tokenizeSentences } from './classifier.js';
import { detectLanguage } from './language.js';

const lang = (s: string) => detectLanguage(s, tokenizeSentences(s));

describe('detectLanguage', () => {
  it('identifies common Latin-script languages from function words', () => {
    expect(lang('The staff were friendly and the delivery was fast.').language).toBe('en');
    expect(lang("Il y a très peu de caisses ouvertes et l'attente est longue").language).toBe('fr');
    expect(lang('Der Service war sehr gut und die Lieferung kam schnell').language).toBe('de');
    expect(lang('El servicio fue muy lento y la comida estaba fría').language).toBe('es');
    expect(lang('Il servizio è stato molto lento e non ho ricevuto nulla').language).toBe('it');
    expect(lang('De bezorging was erg laat en het pakket is niet compleet').language).toBe('nl');
  });

  it('does not take short English posts with links or handles for another language', () => {
    // "com" in a link is Portuguese "with"; links and handles carry no language.
    expect(lang('is downloading songs http://plurk.com/p/rp8wx').language).not.toBe('pt');
    expect(lang('is working until 11 tonight http://plurk.com/p/x2kbv').language).not.toBe('pt');
    expect(lang('@united is my flight on time? www.united.com/status').language).toBe('en');
    expect(lang('Im going out now').language).toBe('en');
    expect(lang('O serviço foi muito lento e não recebi nada http://exemplo.com/x').language).toBe('pt');
  });

  it('identifies other scripts', () => {
    expect(lang('配達がとても遅かったです').language).toBe('ja');
    expect(lang('Доставка была очень медленной').language).toBe('ru');
    expect(lang('服务很好').language).toBe('zh');
  });

  it('says "und" when there is no evidence, and flags mixed comments', () => {
    expect(lang('😡😡😡').language).toBe('und');
    expect(lang('').language).toBe('und');
    expect(lang('ok').language).toBe('und');
    const mixed = lang(
      'The staff was great and the price is fine. Mais le magasin est trop loin et pas assez de caisses.',
    );
    expect(['en', 'fr']).toContain(mixed.language);
    expect(mixed.secondary).toBeDefined();
  });
});
