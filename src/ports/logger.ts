/** The structured logger every part receives (pino satisfies it). Log ids and codes, never private text. */
export interface Logger {
  debug(bindings: object, message?: string): void;
  info(bindings: object, message?: string): void;
  warn(bindings: object, message?: string): void;
  error(bindings: object, message?: string): void;
  child(bindings: object): Logger;
}
