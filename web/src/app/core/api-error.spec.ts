// Unit tests of how API error answers become page messages and per-field messages.
import { HttpErrorResponse } from '@angular/common/http';
import { apiError } from './api-error';

describe('apiError', () => {
  it('maps errors[] to the fields they name', () => {
    const shown = apiError(new HttpErrorResponse({
      status: 400,
      error: { message: 'Invalid', status: 400, errorCode: 'VALIDATION_ERROR',
        errors: [{ field: 'name', message: 'is required' }, { field: 'name', message: 'is too long' },
          { field: 'availableFunds', message: 'at most two decimals' }] },
    }));
    expect(shown.code).toBe('VALIDATION_ERROR');
    expect(shown.message).toBe('Invalid');
    expect(shown.fields).toEqual({ name: 'is required; is too long', availableFunds: 'at most two decimals' });
  });

  it('says when the server cannot be reached, and copes with a body that is not ours', () => {
    expect(apiError(new HttpErrorResponse({ status: 0 })).code).toBe('UNREACHABLE');
    const shown = apiError(new HttpErrorResponse({ status: 502, statusText: 'Bad Gateway', error: '<html>' }));
    expect(shown.message).toContain('502');
    expect(shown.fields).toEqual({});
  });
});
