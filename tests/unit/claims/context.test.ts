// Claims in context (issue 8): markup tags as boundaries, no fragments,
// repeated claims merged, pronouns resolved. Real answers, spans checked
// against the answer text.
import { describe, expect, it } from 'vitest';
import { splitClaims } from '../../../src/core/claims/index.ts';
import { expectValidSpans, pairs } from './helpers.ts';

describe('markup tags are boundaries', () => {
  it('<script> in the middle of text: its content is no claim, the text around it is not glued', () => {
    const answer = 'Glaucoma damages the optic nerve.<script>alert("Aspirin cures glaucoma")</script>Eye drops lower eye pressure.';
    expect(pairs(answer)).toEqual([
      ['Glaucoma damages the optic nerve.', 'Glaucoma damages the optic nerve.'],
      ['Eye drops lower eye pressure.', 'Eye drops lower eye pressure.'],
    ]);
  });

  it('a <script> over several lines and a <style> block are masked up to their closing tag', () => {
    const answer = 'Metformin lowers blood sugar\n<script>\nvar x = "Insulin is a hormone.";\n</script>\nStatins lower LDL cholesterol.\n<style>p { color: red }</style>';
    expect(pairs(answer).map(([, t]) => t)).toEqual(['Metformin lowers blood sugar', 'Statins lower LDL cholesterol.']);
  });

  it('<img>, <br> and <div> split sentences that have no punctuation between them', () => {
    const answer = 'Eye drops lower eye pressure<img src="x.png" onerror="alert(1)">Laser surgery improves drainage<br>Glaucoma can cause blindness<div>Insulin is a hormone</div>';
    expect(pairs(answer)).toEqual([
      ['Eye drops lower eye pressure', 'Eye drops lower eye pressure'],
      ['Laser surgery improves drainage', 'Laser surgery improves drainage'],
      ['Glaucoma can cause blindness', 'Glaucoma can cause blindness'],
      ['Insulin is a hormone', 'Insulin is a hormone'],
    ]);
  });

  it('an <img> with a long data: URI is masked too', () => {
    const answer = `Eye drops lower eye pressure<img src="data:image/png;base64,${'A'.repeat(3000)}" alt="eye">Laser surgery improves drainage.`;
    expect(pairs(answer)).toEqual([
      ['Eye drops lower eye pressure', 'Eye drops lower eye pressure'],
      ['Laser surgery improves drainage.', 'Laser surgery improves drainage.'],
    ]);
  });

  it('inline formatting tags still read on', () => {
    const answer = '<b>Metformin</b> lowers <em>blood sugar</em>.';
    expect(pairs(answer)).toEqual([['Metformin</b> lowers <em>blood sugar</em>.', 'Metformin lowers blood sugar.']]);
  });
});

describe('pronouns and elided subjects are resolved, the span stays on the words written', () => {
  it('"It" after a sentence about glaucoma', () => {
    const answer = 'Glaucoma damages the optic nerve. It is always painful in its early stages.';
    const claims = splitClaims(answer);
    expectValidSpans(answer, claims);
    expect(claims).toHaveLength(2);
    expect(claims[1].text).toBe('Glaucoma is always painful in its early stages.');
    expect(claims[1].original).toBe('It is always painful in its early stages.');
    expect(answer.slice(claims[1].start, claims[1].end)).toBe('It is always painful in its early stages.');
    expect(claims[0].original).toBeUndefined();
  });

  it('"It" in every claim of a distributed list, and "This condition"', () => {
    const answer = 'Glaucoma damages the optic nerve. It causes blurred vision and headaches. This condition can lead to blindness.';
    const claims = splitClaims(answer);
    expect(pairs(answer)).toEqual([
      ['Glaucoma damages the optic nerve.', 'Glaucoma damages the optic nerve.'],
      ['blurred vision', 'Glaucoma causes blurred vision.'],
      ['headaches', 'Glaucoma causes headaches.'],
      ['This condition can lead to blindness.', 'Glaucoma can lead to blindness.'],
    ]);
    expect(claims.map((c) => c.original)).toEqual([undefined, 'It causes blurred vision.', 'It causes headaches.', 'This condition can lead to blindness.']);
  });

  it('plural "They" takes a plural antecedent; contractions are expanded', () => {
    expect(pairs("Eye drops lower eye pressure. They're used every day.")).toEqual([
      ['Eye drops lower eye pressure.', 'Eye drops lower eye pressure.'],
      ["They're used every day.", 'Eye drops are used every day.'],
    ]);
  });

  it('"They" after a distributed subject list takes the whole list', () => {
    expect(pairs('Diet and exercise help control blood sugar. They also improve mood.')).toEqual([
      ['Diet', 'Diet helps control blood sugar.'],
      ['exercise', 'Exercise helps control blood sugar.'],
      ['They also improve mood.', 'Diet and exercise also improve mood.'],
    ]);
    expect(pairs('Aspirin and ibuprofen are NSAIDs, and they can irritate the stomach.')).toEqual([
      ['Aspirin', 'Aspirin is an NSAID.'],
      ['ibuprofen', 'Ibuprofen is an NSAID.'],
      ['they can irritate the stomach.', 'Aspirin and ibuprofen can irritate the stomach.'],
    ]);
  });

  it('right after a heading or a "What is X?" question, "It"/"They" is its topic', () => {
    expect(pairs('## Metformin\n\nIt lowers blood sugar. It can cause nausea.')).toEqual([
      ['It lowers blood sugar.', 'Metformin lowers blood sugar.'],
      ['It can cause nausea.', 'Metformin can cause nausea.'],
    ]);
    expect(pairs('What is glaucoma? It is a group of eye diseases.')).toEqual([
      ['It is a group of eye diseases.', 'Glaucoma is a group of eye diseases.'],
    ]);
    expect(pairs('## mRNA vaccines\n\nThey teach cells to make a protein.').map(([, t]) => t)).toEqual(['mRNA vaccines teach cells to make a protein.']);
    expect(pairs('What are statins? They lower LDL cholesterol.')).toEqual([
      ['They lower LDL cholesterol.', 'Statins lower LDL cholesterol.'],
    ]);
    // generic headings, questions about something else, and number disagreement leave it alone
    for (const answer of ['## Overview\n\nIt is a chronic disease.', '## Symptoms\n\nIt can cause pain.', '## How is it treated?\n\nIt is treated with drops.']) {
      expect(splitClaims(answer).map((c) => c.original), answer).toEqual([undefined]);
    }
  });

  it('left alone without a clear antecedent', () => {
    const unchanged = [
      // nothing before
      'It is always painful in its early stages.',
      // "it" could be diabetes
      'Metformin treats diabetes. It is a chronic disease.',
      // singular "it", plural subject
      'Eye drops lower eye pressure. It is painless.',
      // "They" could be the pain relievers
      'Aspirin and ibuprofen are pain relievers. They can irritate the stomach.',
      // two different subjects before, not one list
      'Aspirin reduces fever, and ibuprofen reduces pain. It is cheap.',
      // a subject with a determiner is no name ("the usual dose")
      'The usual dose is 500 mg. It is taken twice daily.',
      // "it" refers to nothing
      'Insulin lowers blood sugar. It is important to take it on time.',
      // a sentence that is not a claim in between
      'Glaucoma damages the optic nerve. See your doctor about new eye drops. It is expensive.',
      // "this condition" needs a disease before it
      'Metformin lowers blood sugar. This condition is common.',
    ];
    for (const answer of unchanged) {
      const claims = splitClaims(answer);
      expectValidSpans(answer, claims);
      const last = claims[claims.length - 1];
      expect(last.original, answer).toBeUndefined();
      expect(/^(It|They|This)\b/.test(last.text), answer).toBe(true);
    }
  });

  it('Chinese 它 takes the subject of the sentence before', () => {
    const answer = '青光眼会损害视神经。它在早期通常没有症状。';
    const claims = splitClaims(answer);
    expect(pairs(answer)).toEqual([
      ['青光眼会损害视神经。', '青光眼会损害视神经。'],
      ['它在早期通常没有症状。', '青光眼在早期通常没有症状。'],
    ]);
    expect(claims[1].original).toBe('它在早期通常没有症状。');
    // the subject stops before an adverb; 这种疾病 needs a disease before it
    expect(pairs('高血压通常没有症状，所以它常常被忽视。这种疾病会损害肾脏。')).toEqual([
      ['高血压通常没有症状', '高血压通常没有症状。'],
      ['它常常被忽视。', '高血压常常被忽视。'],
      ['这种疾病会损害肾脏。', '高血压会损害肾脏。'],
    ]);
    expect(splitClaims('二甲双胍可以降低血糖。这种疾病很常见。').map((c) => c.text)).toEqual(['二甲双胍可以降低血糖。', '这种疾病很常见。']);
    // no antecedent: unchanged
    expect(splitClaims('它是最常见的糖尿病类型。').map((c) => [c.text, c.original])).toEqual([['它是最常见的糖尿病类型。', undefined]]);
  });
});

describe('no fragments', () => {
  it('a dangling "so" at the end is cut off, the span shrinks', () => {
    const answer = 'Hypertension often has no symptoms, so';
    expect(pairs(answer)).toEqual([['Hypertension often has no symptoms', 'Hypertension often has no symptoms.']]);
  });

  it('a dangling Chinese connective (所以) at the end is cut off', () => {
    expect(pairs('高血压通常没有症状，所以')).toEqual([['高血压通常没有症状', '高血压通常没有症状。']]);
  });

  it('dangling "and", "because", "which" at the end of a truncated answer', () => {
    expect(pairs('Statins lower LDL cholesterol, and')).toEqual([['Statins lower LDL cholesterol', 'Statins lower LDL cholesterol.']]);
    expect(pairs('Metformin is first-line therapy because')).toEqual([['Metformin is first-line therapy', 'Metformin is first-line therapy.']]);
    expect(pairs('Insulin is a hormone which')).toEqual([['Insulin is a hormone', 'Insulin is a hormone.']]);
  });

  it('a claim cut off mid-phrase or a verbless tail of a truncated answer is dropped', () => {
    expect(pairs('Glaucoma damages the optic nerve. It can lead to')).toEqual([
      ['Glaucoma damages the optic nerve.', 'Glaucoma damages the optic nerve.'],
    ]);
    expect(pairs('Glaucoma damages the optic nerve. Regular eye exams of the')).toEqual([
      ['Glaucoma damages the optic nerve.', 'Glaucoma damages the optic nerve.'],
    ]);
    expect(pairs('Glaucoma damages the optic nerve. Regular eye exams for older adults and people with')).toEqual([
      ['Glaucoma damages the optic nerve.', 'Glaucoma damages the optic nerve.'],
    ]);
  });

  it('a finished sentence ending in "so" is kept', () => {
    expect(pairs('Doctors once thought so.').map(([, t]) => t)).toEqual(['Doctors once thought so.']);
  });
});

describe('identical claims are merged with a count', () => {
  it('repeats hold the spans of the other occurrences', () => {
    const answer = 'Metformin lowers blood sugar. Insulin is a hormone.\n\nMetformin lowers  blood sugar!\n\n- metformin lowers blood sugar\n- Insulin is a hormone.';
    const claims = splitClaims(answer);
    expectValidSpans(answer, claims);
    expect(claims.map((c) => c.text)).toEqual(['Metformin lowers blood sugar.', 'Insulin is a hormone.']);
    expect(claims[0].repeats!.map(([s, e]) => answer.slice(s, e))).toEqual(['Metformin lowers  blood sugar!', 'metformin lowers blood sugar']);
    expect(claims[1].repeats!.map(([s, e]) => answer.slice(s, e))).toEqual(['Insulin is a hormone.']);
  });

  it('an answer that repeats the same 9 claims gives 9 claims', () => {
    const nine = [
      'Glaucoma damages the optic nerve.',
      'Eye drops lower eye pressure.',
      'Laser surgery improves drainage.',
      'Metformin lowers blood sugar.',
      'Insulin is a hormone.',
      'Statins lower LDL cholesterol.',
      'Aspirin reduces fever.',
      'Smoking damages the lungs.',
      'Exercise strengthens the heart.',
    ];
    const reps = Math.ceil(172 / 9);
    const answer = Array.from({ length: reps }, () => nine.join(' ')).join('\n\n');
    const claims = splitClaims(answer);
    expectValidSpans(answer, claims);
    expect(claims.map((c) => c.text)).toEqual(nine);
    expect(claims.map((c) => 1 + (c.repeats?.length ?? 0))).toEqual(nine.map(() => reps));
    claims.forEach((c, i) => {
      for (const [s, e] of c.repeats!) expect(answer.slice(s, e)).toBe(nine[i]);
    });
  });
});

describe('what is left after a dangling word is cut must still be a claim', () => {
  it('"Doctors believe that" is dropped, not turned into "Doctors believe."', () => {
    expect(pairs('Glaucoma damages the optic nerve. Doctors believe that')).toEqual([
      ['Glaucoma damages the optic nerve.', 'Glaucoma damages the optic nerve.'],
    ]);
  });
});
