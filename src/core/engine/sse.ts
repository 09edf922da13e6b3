// Server-sent events, parsed by eventsource-parser (WHATWG rules: lines end
// in LF, CR or CRLF, also when a CRLF is split across network chunks; `data:`
// lines of one event are joined with "\n"; a blank line dispatches; lines
// starting with ":" are comments (keep-alives); one space after the colon is
// dropped; retry and unknown fields are ignored). On top of it, two things
// the browser's EventSource does and the parser leaves to its caller: the
// last event ID carries over to later events, and the event type defaults to
// "message". Unlike EventSource, a last event without its blank line is still
// delivered at the end of the stream (some servers close right after it).
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

export interface SSEEvent {
  /** `event:` field; "message" when absent. */
  event: string;
  data: string;
  id?: string;
}

export class SSEParser {
  private readonly parser: EventSourceParser;
  private out: SSEEvent[] = [];
  private lastId: string | undefined;

  constructor() {
    this.parser = createParser({ onEvent: (message) => this.out.push(this.toEvent(message)) });
  }

  /** Feed decoded text; returns the events completed by it. */
  push(text: string): SSEEvent[] {
    this.parser.feed(text);
    return this.take();
  }

  /** End of stream: a last event without its blank line is still delivered. */
  end(): SSEEvent[] {
    // Ends a pending line (a lone trailing CR included: "\r\n" is one break),
    // then a blank line dispatches what was gathered.
    this.parser.feed('\n\n');
    const out = this.take();
    this.parser.reset();
    return out;
  }

  private toEvent(message: EventSourceMessage): SSEEvent {
    if (message.id !== undefined) this.lastId = message.id;
    return { event: message.event || 'message', data: message.data, ...(this.lastId !== undefined ? { id: this.lastId } : {}) };
  }

  private take(): SSEEvent[] {
    const out = this.out;
    this.out = [];
    return out;
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
