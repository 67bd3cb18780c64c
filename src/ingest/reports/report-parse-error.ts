// A report that cannot be read at all. The message is a sentence for whoever sent the report
// ("The resticprofile status file is not valid JSON (…)."); the API answers 400 with it.
export class ReportParseError extends Error {
  override name = 'ReportParseError'
}
