import type { RowIssue } from './validate.js';

/** At most this many issues are kept (and sent back); the total is counted beyond it. */
export const MAX_REPORTED_ISSUES = 100;

/** Rows that do not match the schema. `toCsv` throws it; the HTTP handler answers 422 with it. */
export class CsvValidationError extends Error {
  /** Always `CsvValidationError`. */
  override readonly name = 'CsvValidationError';
  constructor(
    /** The first {@link MAX_REPORTED_ISSUES} issues, in row order. */
    readonly issues: RowIssue[],
    /** Every issue found, including those not kept. */
    readonly issueCount: number,
    /** How many rows had at least one issue. */
    readonly invalidRows: number,
    /** How many rows were checked. */
    readonly rowCount: number,
  ) {
    super(
      `${invalidRows} of ${rowCount} ${rowCount === 1 ? 'row' : 'rows'} ${invalidRows === 1 ? 'is' : 'are'} invalid`,
    );
  }
}

/**
 * A schema-less stream's row with a key its first row lacked: a {@link CsvValidationError} about
 * the columns, not a schema (there is none), so its messages can say so.
 */
export class ColumnsError extends CsvValidationError {}

/** Collects row issues up to the reporting cap. */
export class IssueCollector {
  readonly issues: RowIssue[] = [];
  issueCount = 0;
  invalidRows = 0;

  add(rowIssues: RowIssue[]): void {
    this.invalidRows++;
    this.issueCount += rowIssues.length;
    for (const issue of rowIssues) {
      if (this.issues.length >= MAX_REPORTED_ISSUES) break;
      this.issues.push(issue);
    }
  }

  toError(rowCount: number): CsvValidationError {
    return new CsvValidationError(this.issues, this.issueCount, this.invalidRows, rowCount);
  }
}
