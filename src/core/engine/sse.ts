// Server-sent events, as the WHATWG spec parses them: lines end in LF, CR or
// CRLF (a CRLF may be split across network chunks); `data:` lines of one
// event are joined with "\n"; a blank line dispatches; lines starting with
// ":" are comments (keep-alives); one space after the colon is dropped.

export interface SSEEvent {
  /** `event:` field; "message" when absent. */
  event: string;
  data: string;
  id?: string;
}

export class SSEParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  private sawData = false;
  private scanned = 0; // buffer[0, scanned) holds no line break

  /** Feed decoded text; returns the events completed by it. */
  push(text: string): SSEEvent[] {
    this.buffer += text;
    const out: SSEEvent[] = [];
    let start = 0;
    for (let i = this.scanned; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      // A CR at the very end may be the first half of a CRLF: wait for more.
      if (c === 13 && i === this.buffer.length - 1) break;
      this.line(this.buffer.slice(start, i), out);
      if (c === 13 && this.buffer.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    // Resume after what holds no break (a trailing CR is looked at again).
    this.scanned = this.buffer.endsWith('\r') ? this.buffer.length - 1 : this.buffer.length;
    return out;
  }

  /** End of stream: a last event without its blank line is still delivered. */
  end(): SSEEvent[] {
    const out: SSEEvent[] = [];
    if (this.buffer) {
      const rest = this.buffer.endsWith('\r') ? this.buffer.slice(0, -1) : this.buffer;
      this.buffer = '';
      this.scanned = 0;
      this.line(rest, out);
    }
    this.dispatch(out);
    return out;
  }

  private line(line: string, out: SSEEvent[]): void {
    if (line === '') {
      this.dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ":" comment
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        this.sawData = true;
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.id = value;
        break;
      default:
        break; // retry and unknown fields are ignored
    }
  }

  private dispatch(out: SSEEvent[]): void {
    if (this.sawData) {
      out.push({ event: this.event || 'message', data: this.data.join('\n'), ...(this.id !== undefined ? { id: this.id } : {}) });
    }
    this.data = [];
    this.event = '';
    this.sawData = false;
  }
}

/** Events of a byte stream (a fetch Response body). */
export async function* readSSE(body: ReadableStream<Uint8Array>): AsyncGenerator<SSEEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SSEParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    yield* parser.push(decoder.decode());
    yield* parser.end();
  } finally {
    reader.releaseLock();
  }
}
