// Texts with their expected reasoning / answer split, shared by the streaming
// parser's tests and the consistency test against splitThinking().
export interface ThinkCase {
  name: string;
  text: string;
  reasoning: string;
  answer: string;
  open?: boolean;
}

export const THINK_CASES: ThinkCase[] = [
  {
    name: 'Qwen3 think block then answer',
    text: '<think>\nThe patient asks about aspirin.\n</think>\n\nAspirin thins the blood.',
    reasoning: 'The patient asks about aspirin.',
    answer: 'Aspirin thins the blood.',
  },
  {
    name: 'closing tag only (template opened the block)',
    text: 'Consider dosage first.\n</think>\n\nTake 500 mg twice a day.',
    reasoning: 'Consider dosage first.',
    answer: 'Take 500 mg twice a day.',
  },
  { name: 'no tags', text: 'Metformin lowers blood glucose.', reasoning: '', answer: 'Metformin lowers blood glucose.' },
  {
    name: 'empty think block (enable_thinking false in web-llm)',
    text: '<think>\n\n</think>\n\nIbuprofen is an NSAID.',
    reasoning: '',
    answer: 'Ibuprofen is an NSAID.',
  },
  {
    name: 'unclosed block (generation cut off)',
    text: '<think>Still weighing the renal dose',
    reasoning: 'Still weighing the renal dose',
    answer: '',
    open: true,
  },
  {
    name: 'thinking spelling, case and inner spaces',
    text: '<THINKING>Check renal function.</ thinking >Adjust the dose.',
    reasoning: 'Check renal function.',
    answer: 'Adjust the dose.',
  },
  {
    name: 'stray closing tag later is dropped',
    text: '<think>why</think>Answer one.</think>Answer two.',
    reasoning: 'why',
    answer: 'Answer one.\n\nAnswer two.',
  },
  {
    name: 'opening tag inside a block',
    text: '<think>first<think>second</think>Done.',
    reasoning: 'first\n\nsecond',
    answer: 'Done.',
  },
  {
    name: 'answer text before the block',
    text: 'Intro. <think>why</think> Final.',
    reasoning: 'why',
    answer: 'Intro.\n\nFinal.',
  },
  {
    name: 'less-than signs that are not tags',
    text: 'If eGFR < 30, avoid it; keep x<y and <b>bold</b>.',
    reasoning: '',
    answer: 'If eGFR < 30, avoid it; keep x<y and <b>bold</b>.',
  },
  { name: 'a tag prefix at the very end stays text', text: 'Values <thin', reasoning: '', answer: 'Values <thin' },
  {
    name: 'Chinese answer',
    text: '<think>用户问高血压。</think>高血压需要长期治疗。',
    reasoning: '用户问高血压。',
    answer: '高血压需要长期治疗。',
  },
];
