// Unit test of the export page's progress share and the receipt checks of the invoice form.
import { formatSize } from '../core/download';
import { failureText, percentDone } from './export';
import { receiptProblem } from './invoice-form';

describe('percentDone', () => {
  it('is unknown until the rows are counted, then a whole share, and 100 when done', () => {
    expect(percentDone({ state: 'RUNNING', rowsWritten: 0, rowsTotal: null })).toBeNull();
    expect(percentDone({ state: 'RUNNING', rowsWritten: 1999, rowsTotal: 4000 })).toBe(49);
    expect(percentDone({ state: 'RUNNING', rowsWritten: 0, rowsTotal: 0 })).toBe(100);
    expect(percentDone({ state: 'DONE', rowsWritten: 10, rowsTotal: 10 })).toBe(100);
  });
});

describe('failureText', () => {
  it('offers starting again only where that may help', () => {
    const tooLarge = 'The report would have 2000000 movements; an Excel sheet holds 1048575 below its header. Choose a shorter period.';
    expect(failureText({ error: tooLarge, errorCode: 'EXPORT_TOO_LARGE' })).toBe(tooLarge);
    expect(failureText({ error: 'Failed to generate the Excel file', errorCode: 'FAILED_TO_GENERATE_EXCEL' }))
      .toBe('Failed to generate the Excel file. Start it again; if it fails again, tell an administrator.');
    expect(failureText({ error: 'The export was interrupted too many times', errorCode: 'EXPORT_INTERRUPTED' }))
      .toContain('Start it again later');
    expect(failureText({ error: null, errorCode: null })).toBe('The export failed. Start it again; if it fails again, tell an administrator.');
  });
});

describe('receiptProblem', () => {
  it('takes PDF, PNG and JPEG by type or name, and refuses anything else or an empty file', () => {
    expect(receiptProblem({ name: 'r.pdf', type: 'application/pdf', size: 10 })).toBe('');
    expect(receiptProblem({ name: 'scan.JPG', type: '', size: 10 })).toBe('');
    expect(receiptProblem({ name: 'notes.txt', type: 'text/plain', size: 10 })).toContain('not a PDF, PNG or JPEG');
    expect(receiptProblem({ name: 'r.png', type: 'image/png', size: 0 })).toContain('empty');
  });
});

describe('formatSize', () => {
  it('reads as a person would say it', () => {
    expect(formatSize(12)).toBe('12 bytes');
    expect(formatSize(5 * 1024)).toBe('5 KB');
    expect(formatSize(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatSize(null)).toBe('—');
  });
});
