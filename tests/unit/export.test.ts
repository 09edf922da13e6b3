import { describe, expect, it } from 'vitest';
import { checksToCSV, checksToJSON, checkTitle, csvCell, CSV_COLUMNS, type CheckRecord } from '../../src/core/export.ts';
import type { ClaimResult } from '../../src/core/types.ts';

/** Minimal RFC 4180 reader, to check that what we write reads back as written. */
function parseCSV(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

function claim(text: string, start: number, over: Partial<ClaimResult> = {}): ClaimResult {
  return {
    text,
    start,
    end: start + text.length,
    part: 'answer',
    verdict: 'supported',
    confidence: 0.8123,
    probabilities: { supported: 0.8123, contradicted: 0.1, unverifiable: 0.0877 },
    evidence: [
      {
        corpus: 'medquad',
        chunkId: 'c1',
        source: 'CDC',
        title: 'What is "flu", really?',
        url: 'https://www.cdc.gov/flu/',
        passage: 'Flu is caused by influenza viruses.\nIt spreads easily.',
        sentence: 'Flu is caused by influenza viruses.',
        sentenceStart: 0,
        sentenceEnd: 35,
        score: 12.5,
      },
    ],
    ...over,
  };
}

const answer = 'Flu is caused by influenza viruses, mostly. =SUM(A1) is not medical advice.\n"Quoted" claim.';
const record: CheckRecord = {
  id: 'check-1',
  createdAt: '2026-11-23T10:00:00.000Z',
  title: checkTitle(answer),
  answer,
  checkReasoning: false,
  report: {
    formatVersion: 2,
    claims: [
      claim('Flu is caused by influenza viruses, mostly.', 0),
      claim('=SUM(A1) is not medical advice.', 44, { verdict: 'unverifiable', confidence: 0.5, evidence: [] }),
      claim('"Quoted" claim.\nwith a newline', 76, { verdict: 'contradicted' }),
      claim('-5 degrees is cold', 100),
      claim('@mention and +1', 120),
      claim('Glaucoma is always painful.', 140, {
        verdict: 'unverifiable',
        confidence: 0.55,
        reason: 'the claim says painful; the evidence says "often no symptoms", at first',
        lean: 'contradicted',
        original: 'It is always painful.',
        repeats: [[170, 192], [200, 222]],
      }),
    ],
    stats: { claims: 6, supported: 3, contradicted: 1, unverifiable: 2, supportedShare: 3 / 6, contradictedShare: 1 / 6, uncheckedShare: 2 / 6, ms: 42 },
    corpora: { medquad: 'v1' },
    verifier: 'feature@1',
  },
};

describe('csvCell', () => {
  it('quotes commas, quotes and newlines and doubles inner quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('line1\r\nline2')).toBe('"line1\r\nline2"');
    expect(csvCell('plain text')).toBe('plain text');
  });

  it('guards cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes numbers as numbers and empty values as empty cells', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(0.5)).toBe('0.5');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });
});

describe('checksToCSV', () => {
  const csv = checksToCSV([record]);
  const rows = parseCSV(csv);

  it('writes a header and one row per claim with CRLF line ends', () => {
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + record.report.claims.length);
    expect(csv.endsWith('\r\n')).toBe(true);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
  });

  it('reads back the claim fields as written, with formula cells guarded', () => {
    const [, first, second, third, fourth, fifth] = rows;
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(first).toEqual([
      'check-1',
      '2026-11-23T10:00:00.000Z',
      'Flu is caused by influenza viruses, mostly.',
      '0',
      '43',
      'supported',
      '0.812',
      'What is "flu", really?',
      'https://www.cdc.gov/flu/',
      'Flu is caused by influenza viruses.',
      '',
      '',
      '',
      '1',
    ]);
    expect(second[col('reason')]).toBe('');
    expect(second[2]).toBe("'=SUM(A1) is not medical advice.");
    expect(second.slice(7, 10)).toEqual(['', '', '']);
    expect(third[2]).toBe('"Quoted" claim.\nwith a newline');
    expect(third[5]).toBe('contradicted');
    expect(fourth[2]).toBe("'-5 degrees is cold");
    expect(fifth[2]).toBe("'@mention and +1");
  });

  it('writes the reason, lean, original text and count of a claim (new columns at the end)', () => {
    expect(CSV_COLUMNS.slice(-4)).toEqual(['reason', 'lean', 'original', 'count']);
    expect(CSV_COLUMNS.slice(0, 10)).toEqual([
      'check_id', 'time', 'claim', 'start', 'end', 'verdict', 'confidence', 'evidence_title', 'evidence_url', 'evidence_sentence',
    ]);
    const sixth = rows[6];
    expect(sixth[2]).toBe('Glaucoma is always painful.');
    expect(sixth[5]).toBe('unverifiable');
    expect(sixth.slice(-4)).toEqual([
      'the claim says painful; the evidence says "often no symptoms", at first',
      'contradicted',
      'It is always painful.',
      '3',
    ]);
    // Quoted as RFC 4180 wants (comma and quotes inside).
    expect(csv).toContain('"the claim says painful; the evidence says ""often no symptoms"", at first"');
  });

  it('guards a reason that a spreadsheet would run as a formula', () => {
    const r = { ...record, report: { ...record.report, claims: [claim('Aspirin thins blood.', 0, { reason: '=cmd|"/c calc"!A1' })] } };
    const [, row] = parseCSV(checksToCSV([r]));
    expect(row[CSV_COLUMNS.indexOf('reason')]).toBe(`'=cmd|"/c calc"!A1`);
  });

  it('writes only the header when there are no claims', () => {
    const empty = { ...record, report: { ...record.report, claims: [] } };
    expect(parseCSV(checksToCSV([empty]))).toEqual([[...CSV_COLUMNS]]);
  });
});

describe('checksToJSON', () => {
  it('round-trips every field of the record', () => {
    const parsed = JSON.parse(checksToJSON([record]));
    expect(parsed.format).toBe('claimlens-checks');
    expect(parsed.formatVersion).toBe(2);
    expect(parsed.checks).toEqual([record]);
  });

  it("keeps each claim's reason, lean, original text and repeats", () => {
    const last = JSON.parse(checksToJSON([record])).checks[0].report.claims[5];
    expect(last.reason).toMatch(/^the claim says painful/);
    expect(last.lean).toBe('contradicted');
    expect(last.original).toBe('It is always painful.');
    expect(last.repeats).toEqual([[170, 192], [200, 222]]);
  });
});

describe('checkTitle', () => {
  it('takes the first words and marks a cut', () => {
    expect(checkTitle('  Metformin   lowers blood sugar. ')).toBe('Metformin lowers blood sugar.');
    expect(checkTitle('one two three four', 2)).toBe('one two…');
    expect(checkTitle('   ')).toBe('(empty)');
  });
});
