import { describe, expect, it } from 'vitest';
import { repairMedQuADText } from '../../../src/core/evidence/repair.ts';
import { importMedQuADEntries } from '../../../src/core/evidence/medquad.ts';
import { retiredSite, retiredSiteNote } from '../../../src/core/evidence/retired-sites.ts';
import { hasMedQuAD, medquadFiles, NO_SHARED } from './shared.ts';

if (!hasMedQuAD) console.warn(NO_SHARED);

describe('repairMedQuADText', () => {
  it('puts back letters and apostrophes the archive lost', () => {
    expect(repairMedQuADText('Espaol')).toBe('Español');
    expect(repairMedQuADText("problems with the bodys natural defenses")).toBe("problems with the body's natural defenses");
    expect(repairMedQuADText('It changes a persons risk')).toBe("It changes a person's risk");
    expect(repairMedQuADText('Sjgren syndrome and Mnire disease')).toBe('Sjögren syndrome and Ménière disease');
    expect(repairMedQuADText('Guillain-Barr syndrome')).toBe('Guillain-Barré syndrome');
    expect(repairMedQuADText('caf-au-lait spots')).toBe('café-au-lait spots');
    expect(repairMedQuADText('anti-Mllerian hormone')).toBe('anti-Müllerian hormone');
    expect(repairMedQuADText('Alzheimers disease')).toBe("Alzheimer's disease");
    expect(repairMedQuADText('Dont stop; it doesnt help')).toBe("Don't stop; it doesn't help");
  });

  it('leaves words that are words as they stand', () => {
    const text = "its own cells; were treated; the persons who; patients health; Graves disease; Guillain-Barre; Alzheimer's; lets";
    expect(repairMedQuADText(text)).toBe(text);
    expect(repairMedQuADText('the canthus, a cafeteria, dontopedalogy')).toBe('the canthus, a cafeteria, dontopedalogy');
  });
});

describe('retired sites', () => {
  it('says a nihseniorhealth.gov link is on a retired site', () => {
    expect(retiredSite('http://nihseniorhealth.gov/urinarytractinfections/toc.html')?.retired).toBe(2018);
    expect(retiredSiteNote('https://www.nihseniorhealth.gov/x')).toMatch(/^retired site \(2018\); the link may not work/);
    expect(retiredSiteNote('https://www.cdc.gov/x')).toBeUndefined();
    expect(retiredSiteNote('not a url')).toBeUndefined();
    expect(retiredSiteNote(undefined)).toBeUndefined();
  });
});

describe.skipIf(!hasMedQuAD)('the importer repairs the real archive', () => {
  it('imports NIHSeniorHealth and NHLBI without the lost characters', () => {
    const files = medquadFiles((n) => /\/(7_SeniorHealth_QA|8_NHLBI_QA_XML)\/.*\.xml$/.test(n));
    const result = importMedQuADEntries(Object.entries(files).map(([name, bytes]) => ({ name, bytes })), 'medquad');
    const text = result.chunks.map((c) => `${c.text} ${c.title} ${c.focus ?? ''}`).join('\n');
    expect(text).not.toMatch(/\bbodys\b|\bEspaol\b|\ba persons [a-z]/);
    expect(text).toMatch(/body's natural/);
    expect(text).toMatch(/\ba person's [a-z]/);
    expect(result.chunks.some((c) => retiredSiteNote(c.url))).toBe(true);
  });
});
