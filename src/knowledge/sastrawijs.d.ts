// sastrawijs ships types but its package.json "exports" hides them from TypeScript; this declares
// the one class we use.
declare module 'sastrawijs' {
  export class Stemmer {
    constructor(dictionary?: string[]);
    stem(word: string): string;
  }
}
