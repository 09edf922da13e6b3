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

  it('inline formatting tags still read on', () => {
    const answer = '<b>Metformin</b> lowers <em>blood sugar</em>.';
    expect(pairs(answer)).toEqual([['Metformin</b> lowers <em>blood sugar</em>.', 'Metformin lowers blood sugar.']]);
  });
});
