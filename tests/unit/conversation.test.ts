import { describe, expect, it } from 'vitest';
import {
  chatMessages,
  conversationTitle,
  conversationsToJSON,
  conversationToMarkdown,
  escapeMarkdownText,
  type AnswerTurn,
  type Conversation,
} from '../../src/core/conversation.ts';
import type { ClaimResult, Evidence } from '../../src/core/types.ts';

const evidence = (over: Partial<Evidence> = {}): Evidence => ({
  corpus: 'medquad',
  chunkId: 'c1',
  source: 'NIH',
  title: 'What is Glaucoma?',
  url: 'https://nei.nih.gov/glaucoma',
  passage: 'Glaucoma is a group of diseases that can damage the optic nerve.',
  sentence: 'Glaucoma is a group of diseases that can damage the optic nerve.',
  sentenceStart: 0,
  sentenceEnd: 63,
  score: 9.1,
  ...over,
});

const claim = (text: string, verdict: ClaimResult['verdict'], ev: Evidence[] = [evidence()]): ClaimResult => ({
  text,
  start: 0,
  end: text.length,
  part: 'answer',
  verdict,
  confidence: verdict === 'supported' ? 0.91 : 0.77,
  probabilities: { supported: 0.5, contradicted: 0.3, unverifiable: 0.2 },
  evidence: ev,
});

function answer(over: Partial<AnswerTurn> = {}): AnswerTurn {
  return {
    role: 'assistant',
    id: 'a',
    createdAt: '2026-11-23T10:00:01Z',
    engine: { kind: 'local', model: 'Qwen3-1.7B-q4f32_1-MLC' },
    content: 'Glaucoma damages the optic nerve. Glaucoma never causes blindness.',
    reasoning: 'Recall what glaucoma is.',
    text: '<think>\nRecall what glaucoma is.\n</think>\n\nGlaucoma damages the optic nerve. Glaucoma never causes blindness.',
    status: 'complete',
    ...over,
  };
}

function conversation(turns: Conversation['turns'], systemPrompt = 'Be accurate.'): Conversation {
  return { id: 'c', title: 'Glaucoma', createdAt: '2026-11-23T10:00:00Z', updatedAt: '2026-11-23T10:00:02Z', systemPrompt, turns };
}

describe('conversationTitle', () => {
  it('takes the first words of a question, or says it is new', () => {
    expect(conversationTitle('What is glaucoma?')).toBe('What is glaucoma?');
    expect(conversationTitle('  Can   adults take 1 g of paracetamol every four hours for a week safely?')).toBe(
      'Can adults take 1 g of paracetamol every…',
    );
    expect(conversationTitle('   ')).toBe('New conversation');
  });

  it('cuts a Chinese question (no spaces) by characters', () => {
    const q = '高血压患者可以长期服用阿司匹林预防心脏病吗？这种做法有什么风险，哪些人不适合，需要注意哪些副作用和药物相互作用？';
    const t = conversationTitle(q);
    expect(t.endsWith('…')).toBe(true);
    expect(t.length).toBe(49);
    expect(q.startsWith(t.slice(0, -1))).toBe(true);
  });
});

describe('chatMessages', () => {
  it('sends the system prompt, questions and answers without their reasoning; failed answers are left out', () => {
    const c = conversation([
      { role: 'user', id: 'q1', createdAt: 't', content: 'What is glaucoma?' },
      answer(),
      { role: 'user', id: 'q2', createdAt: 't', content: 'Is it curable?' },
      answer({ id: 'b', content: '', reasoning: '', text: '', status: 'failed', error: { name: 'DeviceLostError', message: 'lost' } }),
      { role: 'user', id: 'q3', createdAt: 't', content: 'Is it curable?' },
    ]);
    expect(chatMessages(c)).toEqual([
      { role: 'system', content: 'Be accurate.' },
      { role: 'user', content: 'What is glaucoma?' },
      { role: 'assistant', content: 'Glaucoma damages the optic nerve. Glaucoma never causes blindness.' },
      { role: 'user', content: 'Is it curable?' },
      { role: 'user', content: 'Is it curable?' },
    ]);
    expect(chatMessages(conversation([{ role: 'user', id: 'q', createdAt: 't', content: 'Hi' }], '  '))).toEqual([
      { role: 'user', content: 'Hi' },
    ]);
  });
});

describe('export', () => {
  const checked = answer({
    check: {
      report: {
        formatVersion: 2,
        claims: [
          claim('Glaucoma damages the optic nerve.', 'supported'),
          claim('Glaucoma never causes blindness.', 'contradicted', [
            evidence({ sentence: 'It is a leading cause of blindness | in the US.', url: 'javascript:alert(1)', title: 'Glaucoma <b>facts</b>' }),
          ]),
          claim('Tea cures it.', 'unverifiable', []),
        ],
        stats: { claims: 3, supported: 1, contradicted: 1, unverifiable: 1, supportedShare: 1 / 3, contradictedShare: 1 / 3, uncheckedShare: 1 / 3, ms: 12 },
        corpora: { medquad: 'v1' },
        verifier: 'f1',
      },
      checkReasoning: false,
      claimSource: 'rules',
      checkedAt: '2026-11-23T10:00:03Z',
    },
  });
  const c = conversation([{ role: 'user', id: 'q1', createdAt: 't', content: 'What is glaucoma?' }, checked]);

  it('writes Markdown with the reasoning folded and a verdict per claim', () => {
    const md = conversationToMarkdown(c, '2026-11-24T08:00:00Z');
    expect(md).toContain('# Glaucoma\n');
    expect(md).toContain('Exported from ClaimLens on 2026-11-24');
    expect(md).toContain('not medical advice');
    expect(md).toContain('**System prompt:** Be accurate.');
    expect(md).toContain('## Question 1\n\nWhat is glaucoma?');
    expect(md).toContain('*Qwen3-1.7B-q4f32_1-MLC (on this device)*');
    expect(md).toContain('<details><summary>Reasoning</summary>\n\nRecall what glaucoma is.\n\n</details>');
    expect(md).toContain('**Check** (claims found by the rule-based splitter): 3 claims, 1 supported, 1 contradicted, 1 unverifiable.');
    const rows = md.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows).toEqual([
      '| 1 | ✓ Supported | 91% | Glaucoma damages the optic nerve. | “Glaucoma is a group of diseases that can damage the optic nerve.” — [What is Glaucoma?](https://nei.nih.gov/glaucoma) |',
      // Pipes escaped, HTML neutralised, a javascript: URL not linked.
      '| 2 | ✗ Contradicted | 77% | Glaucoma never causes blindness. | “It is a leading cause of blindness \\| in the US.” — Glaucoma &lt;b>facts&lt;/b> |',
      '| 3 | ? Unverifiable | 77% | Tea cures it. |  |',
    ]);
  });

  it('says when an answer was stopped, not checked, or checked with the model’s claims', () => {
    const stopped = answer({ status: 'stopped', checkError: { name: 'EmptyInputError', message: 'No checkable claims were found.' } });
    const byModel = answer({
      id: 'm',
      check: { ...checked.check!, claimSource: 'model' },
      engine: { kind: 'remote', model: 'baichuan-m2', server: 'http://127.0.0.1:8000' },
    });
    const md = conversationToMarkdown(conversation([stopped, byModel]));
    expect(md).toContain('*Stopped before the end.*');
    expect(md).toContain('*Not checked: No checkable claims were found.*');
    expect(md).toContain('*baichuan-m2 on http://127.0.0.1:8000*');
    expect(md).toContain('**Check** (claims found by the model)');
  });

  it('never lets model text through as HTML or a remote image', () => {
    expect(escapeMarkdownText('<img src=x onerror=alert(1)> ![t](https://t.example/p.png) 2 < 3')).toBe(
      '&lt;img src=x onerror=alert(1)> !\\[t](https://t.example/p.png) 2 &lt; 3',
    );
    const md = conversationToMarkdown(
      conversation([{ role: 'user', id: 'q', createdAt: 't', content: '<script>alert(1)</script>' }, answer({ content: '<iframe src=x>' })]),
    );
    expect(md).not.toMatch(/<script|<iframe/);
  });

  it('writes JSON with every field, reports included', () => {
    const doc = JSON.parse(conversationsToJSON([c]));
    expect(doc.format).toBe('claimlens-conversations');
    expect(doc.formatVersion).toBe(2);
    expect(doc.conversations).toEqual([c]);
  });
});
