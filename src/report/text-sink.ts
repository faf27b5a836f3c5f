/** Where a report writes text. The CLI gives a file; tests give a string buffer. */
export interface TextSink {
  write(chunk: string): void;
}

/** An in-memory sink, for tests and for small outputs assembled before writing. */
export class StringSink implements TextSink {
  private readonly parts: string[] = [];
  write(chunk: string): void {
    this.parts.push(chunk);
  }
  toString(): string {
    return this.parts.join('');
  }
}
