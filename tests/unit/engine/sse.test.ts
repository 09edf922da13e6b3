import { describe, expect, it } from 'vitest';
import { SSEParser, readSSE } from '../../../src/core/engine/sse.ts';

function parseInPieces(text: string, size: number) {
  const p = new SSEParser();
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
  out.push(...p.end());
  return out;
}

const STREAM =
  ': keep-alive\n\n' +
  'data: {"a":1}\n\n' +
  'event: update\r\nid: 7\r\ndata: line one\r\ndata:line two\r\n\r\n' +
  'data: {"b":2}\r\r' +
  'retry: 1000\nunknown: x\ndata\n\n' +
  'data: [DONE]\n\n';

describe('SSEParser', () => {
  it('parses data, event, id, comments, CR / LF / CRLF and multi-line data', () => {
    const events = parseInPieces(STREAM, STREAM.length);
    expect(events).toEqual([
      { event: 'message', data: '{"a":1}' },
      { event: 'update', data: 'line one\nline two', id: '7' },
      { event: 'message', data: '{"b":2}', id: '7' },
      { event: 'message', data: '', id: '7' },
      { event: 'message', data: '[DONE]', id: '7' },
    ]);
  });

  it('gives the same events however the stream is cut into network chunks', () => {
    const whole = parseInPieces(STREAM, STREAM.length);
    for (const size of [1, 2, 3, 5, 8, 13]) expect(parseInPieces(STREAM, size)).toEqual(whole);
  });

  it('does not split a CRLF that arrives in two chunks into two line breaks', () => {
    const p = new SSEParser();
    expect(p.push('data: x\r')).toEqual([]);
    expect(p.push('\n')).toEqual([]); // one line break so far: no blank line yet
    expect(p.push('\r\n')).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('delivers a last event that lacks its blank line at the end of the stream', () => {
    const p = new SSEParser();
    expect(p.push('data: {"tail":true}')).toEqual([]);
    expect(p.end()).toEqual([{ event: 'message', data: '{"tail":true}' }]);
  });

  it('joins an event cut mid-field and mid-CRLF, with comments between its lines', () => {
    const p = new SSEParser();
    // An OpenAI-style chunk as a proxy might deliver it: keep-alive comments,
    // CRLF line ends, the network cutting inside "data:", inside the JSON and
    // between the CR and the LF.
    expect(p.push(': ping\r\n\r\nevent: chu')).toEqual([]);
    expect(p.push('nk\r\nda')).toEqual([]);
    expect(p.push('ta: {"choices":[{"delta":{"content":"Hyper')).toEqual([]);
    expect(p.push('tension"}}]}\r')).toEqual([]);
    expect(p.push('\n: still here\r\ndata: second line\r\n\r')).toEqual([]);
    expect(p.push('\ndata: [DONE]\r\n\r\n')).toEqual([
      { event: 'chunk', data: '{"choices":[{"delta":{"content":"Hypertension"}}]}\nsecond line' },
      { event: 'message', data: '[DONE]' },
    ]);
    expect(p.end()).toEqual([]);
  });

  it('ignores events with no data field', () => {
    expect(parseInPieces('event: ping\n\n: c\n\n', 3)).toEqual([]);
  });

  it('reads a byte stream with multi-byte characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: {"t":"高血压 – ok"}\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 2) c.enqueue(bytes.slice(i, i + 2));
        c.close();
      },
    });
    const events = [];
    for await (const e of readSSE(body)) events.push(e);
    expect(events).toEqual([{ event: 'message', data: '{"t":"高血压 – ok"}' }]);
  });
});
