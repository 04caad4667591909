// Turns an API error answer (docs/api.md: {message, status, errorCode, errors:[{field, message}]}) into
// what a page shows: one message and the messages per field.
import { HttpErrorResponse } from '@angular/common/http';

export interface ShownError {
  status: number;
  code: string;
  message: string;
  fields: Record<string, string>;
}

interface ErrorBody {
  message?: unknown;
  errorCode?: unknown;
  errors?: unknown;
}

export function apiError(error: unknown): ShownError {
  if (!(error instanceof HttpErrorResponse)) {
    return { status: 0, code: 'CLIENT_ERROR', message: String(error), fields: {} };
  }
  if (error.status === 0) {
    return { status: 0, code: 'UNREACHABLE', message: 'The server cannot be reached. Try again in a moment.', fields: {} };
  }
  const body = (typeof error.error === 'object' && error.error !== null ? error.error : {}) as ErrorBody;
  const fields: Record<string, string> = {};
  if (Array.isArray(body.errors)) {
    for (const item of body.errors as { field?: unknown; message?: unknown }[]) {
      if (typeof item?.field === 'string' && typeof item.message === 'string') {
        fields[item.field] = fields[item.field] ? `${fields[item.field]}; ${item.message}` : item.message;
      }
    }
  }
  const message = typeof body.message === 'string' && body.message
    ? body.message
    : `The request failed (${error.status} ${error.statusText}).`;
  const code = typeof body.errorCode === 'string' ? body.errorCode : `HTTP_${error.status}`;
  return { status: error.status, code, message, fields };
}
