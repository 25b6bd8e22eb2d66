/** What a field validator is given: `fail` throws a UserError naming the file, class and field; `describe` shows a bad value. */
export interface Reader {
  fail: (field: string, message: string) => never;
  describe: (value: unknown) => string;
}
