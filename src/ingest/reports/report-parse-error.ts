// A report that cannot be read at all. The message is a sentence for whoever sent the report
// ("The resticprofile status file is not valid JSON (…)."); the API answers 400 with it.
export class ReportParseError extends Error {
  override name = 'ReportParseError'
}

/** JSON nested deeper than the limit (json-depth.ts): the API answers 400 invalid_json. */
export class JsonTooDeep extends Error {
  override name = 'JsonTooDeep'
}

/** An output with nothing in it (or only blanks): the API answers 400 asking for the output. */
export class EmptyOutput extends Error {
  override name = 'EmptyOutput'
}
