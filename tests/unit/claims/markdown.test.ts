import { describe, expect, it } from 'vitest';
import { maskMarkdown } from '../../../src/core/claims/index.ts';
import { pairs } from './helpers.ts';

describe('maskMarkdown', () => {
  it('keeps the length and replaces markup with spaces', () => {
    const text = '## Title\n\n**Bold** and *italic* with `code` and [a link](https://x.org/a_b) [1].\n';
    const { masked } = maskMarkdown(text);
    expect(masked.length).toBe(text.length);
    expect(masked).toBe(
      // "](https://x.org/a_b)" and " [1]" are 24 characters of spaces
      '   Title\n\n  Bold   and  italic  with  code  and  a link' + ' '.repeat(24) + '.\n',
    );
    expect(masked.replace(/\s+/g, ' ').trim()).toBe('Title Bold and italic with code and a link .');
  });

  it('does not take snake_case, arithmetic or a lone tilde for emphasis', () => {
    const text = 'Use snake_case_name; 5 * 3 = 15; ~5 mg.';
    expect(maskMarkdown(text).masked).toBe(text);
  });

  it('reads links, images and code spans as CommonMark does (syntax tree), and numeric entities', () => {
    const text = 'See [the guide](<a b.html>), [![logo](l.png)](x.html) and [a `]` b](u): &#8212; ok.';
    const { masked } = maskMarkdown(text);
    expect(masked.length).toBe(text.length);
    expect(masked.replace(/\s+/g, ' ').trim()).toBe('See the guide , and a ] b : — ok.');
  });

  it('keeps "*" between digits and unbalanced emphasis rules: allele names stay, a cut-off "**" goes', () => {
    const allele = 'The HLA-DPB1*0401 variant and the HLA-DRB1*04 alleles.';
    expect(maskMarkdown(allele).masked).toBe(allele);
    expect(maskMarkdown('**Metformin lowers').masked).toBe('  Metformin lowers');
  });

  it('masks fenced code blocks entirely, closed or not', () => {
    const text = 'Before.\n```python\nprint("Aspirin reduces fever.")\n```\nAfter.\n~~~\nunclosed code';
    const { masked, blocks } = maskMarkdown(text);
    expect(masked.replace(/\s+/g, ' ').trim()).toBe('Before. After.');
    expect(blocks.map((b) => text.slice(b.start, b.end))).toEqual(['Before.', 'After.']);
  });

  it('records block kinds, list indentation, lead-ins and headings', () => {
    const text = '# Diabetes\n\nSymptoms include:\n- thirst\n  - at night\n\n| Drug | Dose |\n|---|---|\n| Metformin | 500 mg |\n> Quoted text.';
    const { blocks } = maskMarkdown(text);
    const view = blocks.map((b) => [b.kind, text.slice(b.start, b.end)]);
    expect(view).toEqual([
      ['heading', 'Diabetes'],
      ['paragraph', 'Symptoms include:'],
      ['item', 'thirst'],
      ['item', 'at night'],
      ['cell', 'Metformin'],
      ['cell', '500 mg'],
      ['paragraph', 'Quoted text.'],
    ]);
    expect(blocks[2].leadIn).toBe(1);
    expect(blocks[2].heading).toBe(0);
    expect(blocks[3].indent).toBeGreaterThan(blocks[2].indent);
    expect(blocks[5].header).toBe('Dose');
    expect(blocks[4].rowId).toBe(blocks[5].rowId);
  });

  it('masks text outside the given regions', () => {
    const text = 'aaa <think>bbb</think> ccc';
    const { masked } = maskMarkdown(text, [[0, 4], [22, 26]]);
    expect(masked).toBe('aaa                    ccc');
  });

  it('joins a hard-wrapped line but not a line that ends a sentence', () => {
    const { masked } = maskMarkdown('Blood sugar that stays high for a long\ntime damages vessels.\nNew sentence.');
    expect(masked).toBe('Blood sugar that stays high for a long time damages vessels.\nNew sentence.');
  });
});

describe('splitClaims on Markdown', () => {
  it('bullet items after a lead-in become full claims, each span the item', () => {
    const answer = 'Common symptoms include:\n- Increased thirst and frequent urination\n- **Blurred vision**\n- Fatigue';
    expect(pairs(answer)).toEqual([
      ['Increased thirst', 'Common symptoms include increased thirst'],
      ['frequent urination', 'Common symptoms include frequent urination'],
      ['Blurred vision', 'Common symptoms include blurred vision'],
      ['Fatigue', 'Common symptoms include fatigue'],
    ]);
  });

  it('numbered items, a noun lead-in and an item with a relative clause', () => {
    const answer =
      'Treatment options include:\n\n1. ACE inhibitors\n2. Diuretics, which lower blood volume\n3. Calcium channel blockers and beta blockers\n\nRisk factors for heart disease:\n* High cholesterol\n* Smoking';
    expect(pairs(answer)).toEqual([
      ['ACE inhibitors', 'Treatment options include ACE inhibitors'],
      ['Diuretics, which lower blood volume', 'Treatment options include diuretics, which lower blood volume'],
      ['Calcium channel blockers', 'Treatment options include calcium channel blockers'],
      ['beta blockers', 'Treatment options include beta blockers'],
      ['High cholesterol', 'Risk factors for heart disease: High cholesterol'],
      ['Smoking', 'Risk factors for heart disease: Smoking'],
    ]);
  });

  it('verbless bullets under a heading take the heading as context; headings are not claims', () => {
    const answer = '# Hypertension\n\nHypertension is high blood pressure.\n\n## Causes\n\n- Excess salt intake\n- Lack of physical activity';
    expect(pairs(answer)).toEqual([
      ['Hypertension is high blood pressure.', 'Hypertension is high blood pressure.'],
      ['Excess salt intake', 'Causes: Excess salt intake'],
      ['Lack of physical activity', 'Causes: Lack of physical activity'],
    ]);
  });

  it('bullets that are sentences stand alone, including continuation lines', () => {
    const answer = '- Diabetes can damage the nerves.\n  This is called neuropathy.\n- It can also damage the eyes.';
    expect(pairs(answer)).toEqual([
      ['Diabetes can damage the nerves.', 'Diabetes can damage the nerves.'],
      ['This is called neuropathy.', 'This is called neuropathy.'],
      ['It can also damage the eyes.', 'It can also damage the eyes.'],
    ]);
  });

  it('bold labels before a verb phrase become the subject', () => {
    const answer =
      '* **Metformin:** lowers blood sugar by reducing glucose production in the liver.\n* **Sulfonylureas:** stimulate the pancreas to release more insulin.';
    expect(pairs(answer)).toEqual([
      [
        'Metformin:** lowers blood sugar by reducing glucose production in the liver.',
        'Metformin lowers blood sugar by reducing glucose production in the liver.',
      ],
      ['Sulfonylureas:** stimulate the pancreas to release more insulin.', 'Sulfonylureas stimulate the pancreas to release more insulin.'],
    ]);
  });

  it('inline markup: emphasis, inline code, links and citations leave the text, spans stay on the original', () => {
    const answer =
      'Metformin is **first-line** therapy for *type 2* diabetes. It is taken `orally` and [lowers glucose](https://x.org/a_b) production [1].';
    expect(pairs(answer)).toEqual([
      ['Metformin is **first-line** therapy for *type 2* diabetes.', 'Metformin is first-line therapy for type 2 diabetes.'],
      ['It is taken `orally', 'It is taken orally.'],
      ['lowers glucose](https://x.org/a_b) production [1].', 'It lowers glucose production.'],
    ]);
  });

  it('blockquotes and "Note:" labels', () => {
    const answer = '> **Note:** Insulin is a hormone made by the pancreas.';
    expect(pairs(answer)).toEqual([
      ['Note:** Insulin is a hormone made by the pancreas.', 'Insulin is a hormone made by the pancreas.'],
    ]);
  });

  it('emoji and symbol bullets are list markers', () => {
    const answer = '✅ Metformin lowers blood sugar.\n⚠️ Metformin can cause nausea.\n1️⃣ Insulin is a hormone.\n➤ Exercise helps.';
    expect(pairs(answer)).toEqual([
      ['Metformin lowers blood sugar.', 'Metformin lowers blood sugar.'],
      ['Metformin can cause nausea.', 'Metformin can cause nausea.'],
      ['Insulin is a hormone.', 'Insulin is a hormone.'],
      ['Exercise helps.', 'Exercise helps.'],
    ]);
  });

  it('code blocks are skipped', () => {
    const answer = 'Code:\n```js\nconst x = "Aspirin reduces fever.";\n```\nAspirin reduces pain.';
    expect(pairs(answer)).toEqual([['Aspirin reduces pain.', 'Aspirin reduces pain.']]);
  });

  it('table rows: sentence cells stand alone, short cells are read across the row with their headers', () => {
    const answer =
      '| Condition | First-line drug | Notes |\n|---|---|---|\n| Hypertension | ACE inhibitors | Lower blood pressure |\n| Type 2 diabetes | Metformin | Metformin rarely causes hypoglycemia. |\n';
    expect(pairs(answer)).toEqual([
      ['Hypertension | ACE inhibitors | Lower blood pressure', 'Hypertension — first-line drug: ACE inhibitors; notes: Lower blood pressure'],
      ['Type 2 diabetes | Metformin', 'Type 2 diabetes — first-line drug: Metformin'],
      ['Metformin rarely causes hypoglycemia.', 'Metformin rarely causes hypoglycemia.'],
    ]);
  });

  it('a references section holds no claims', () => {
    const answer = 'Metformin lowers blood sugar.\n\n### References\n- Smith J. Diabetes Care. 2019;42:1-10.\n- ADA guidelines recommend metformin.';
    expect(pairs(answer)).toEqual([['Metformin lowers blood sugar.', 'Metformin lowers blood sugar.']]);
  });

  it('setext headings and horizontal rules', () => {
    const answer = 'Key facts\n=========\n\nDiabetes affects 37 million Americans.\n\n---\n\nIt is the 8th leading cause of death.';
    expect(pairs(answer)).toEqual([
      ['Diabetes affects 37 million Americans.', 'Diabetes affects 37 million Americans.'],
      ['It is the 8th leading cause of death.', 'Diabetes is the 8th leading cause of death.'],
    ]);
  });

  it('Chinese lists with lead-ins', () => {
    expect(pairs('常见症状包括：\n- 多饮、多尿和多食\n- 体重下降')).toEqual([
      ['多饮', '常见症状包括多饮'],
      ['多尿', '常见症状包括多尿'],
      ['多食', '常见症状包括多食'],
      ['体重下降', '常见症状包括体重下降'],
    ]);
    expect(pairs('常见症状：\n1、头痛\n2、头晕、耳鸣')).toEqual([
      ['头痛', '常见症状：头痛'],
      ['头晕', '常见症状：头晕'],
      ['耳鸣', '常见症状：耳鸣'],
    ]);
  });
});
