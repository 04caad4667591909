// Thin HttpClient wrapper over the client types generated from docs/openapi.json (api/schema.ts, made by
// `npm run generate` at build time): paths, query parameters and bodies are checked against the contract,
// so a contract change breaks the web build.
import { HttpClient, HttpContext, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, from, switchMap, throwError } from 'rxjs';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
type Path = keyof paths;
type Method = 'get' | 'post' | 'put' | 'delete';
type PathsWith<M extends Method> = { [P in Path]: [NonNullable<paths[P][M]>] extends [never] ? never : P }[Path];
type Op<P extends Path, M extends Method> = NonNullable<paths[P][M]>;
type ContentOf<R> = R extends { content: infer C } ? C[keyof C] : void;
type Ok<P extends Path, M extends Method> = Op<P, M> extends { responses: infer R }
  ? R extends { 200: infer S } ? ContentOf<S> : R extends { 201: infer S } ? ContentOf<S> : void
  : void;
type Params<P extends Path, M extends Method> = Op<P, M> extends { parameters: infer X } ? X : never;
type QueryOf<P extends Path, M extends Method> = Params<P, M> extends { query?: infer Q } ? Q : never;
type PathParamsOf<P extends Path, M extends Method> = Params<P, M> extends { path: infer Q } ? Q : never;
export type BodyOf<P extends Path, M extends Method> = Op<P, M> extends { requestBody?: infer B }
  ? B extends { content: infer C } ? C[keyof C] : never
  : never;

export interface CallOptions<P extends Path, M extends Method> {
  path?: PathParamsOf<P, M>;
  query?: QueryOf<P, M>;
  context?: HttpContext;
  headers?: Record<string, string>;
}

/** A page as the API returns it (CustomPageDTOObject) with its items typed. */
export type Page<T> = Omit<Schemas['CustomPageDTOObject'], 'content'> & { content: T[] };

/** The usage figures the budget service adds to types and subtypes (docs/api.md, Budget). */
export type Figures = Pick<Schemas['BudgetSubtypeUsageDTO'],
  'allocated' | 'spent' | 'reserved' | 'available' | 'reservedForPayments' | 'usedPercent'>;
/** GET /api/v1/budget/usage: one type's figures and its subtypes'. */
export type TypeUsage = Schemas['BudgetTypeUsageDTO'];
export type SubtypeUsage = Schemas['BudgetSubtypeUsageDTO'];
/** GET /api/v1/budget/usage/alerts: the budgets at or over 80 % of their allocation. */
export type UsageAlerts = Schemas['BudgetUsageAlertsDTO'];

export type BudgetType = Schemas['BudgetTypeDTO'] & Partial<Figures>;
export type BudgetSubtype = Schemas['BudgetSubtypeDTO'] & Partial<Figures>;
export type Supplier = Schemas['SupplierDTO'];
export type Payment = Schemas['PaymentDTO'];
/** Invoices as the server answers them: the file is described, never inlined (docs/api.md, Invoice). */
export type Invoice = Schemas['InvoiceDTO'] & { fileContentType?: string | null; fileSize?: number | null };
export type ExportJob = Schemas['ExportJobDTO'];
export type PaymentStatus = Payment['status'];

function url(template: string, params: unknown): string {
  const values = (params ?? {}) as Record<string, string | number>;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(values[name])));
}

function query(values: unknown): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries((values ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null && value !== '') params = params.set(key, String(value));
  }
  return params;
}

@Injectable({ providedIn: 'root' })
export class Api {
  private readonly http = inject(HttpClient);

  get<P extends PathsWith<'get'>, T = Ok<P, 'get'>>(path: P, options: CallOptions<P, 'get'> = {}): Observable<T> {
    return this.http.get<T>(url(path, options.path), this.opts(options));
  }

  post<P extends PathsWith<'post'>, T = Ok<P, 'post'>>(
    path: P, body: BodyOf<P, 'post'> | null, options: CallOptions<P, 'post'> = {}): Observable<T> {
    return this.http.post<T>(url(path, options.path), body, this.opts(options));
  }

  put<P extends PathsWith<'put'>, T = Ok<P, 'put'>>(
    path: P, body: BodyOf<P, 'put'>, options: CallOptions<P, 'put'> = {}): Observable<T> {
    return this.http.put<T>(url(path, options.path), body, this.opts(options));
  }

  /** `body`: the few deletes that carry one (user-credentials/delete: the password). */
  delete<P extends PathsWith<'delete'>>(
    path: P, options: CallOptions<P, 'delete'> & { body?: BodyOf<P, 'delete'> } = {}): Observable<void> {
    return this.http.delete<void>(url(path, options.path), { ...this.opts(options), body: options.body });
  }

  /** A GET whose answer is a file: the bytes as a Blob; an error answer is read back into its JSON body. */
  download<P extends PathsWith<'get'>>(path: P, options: CallOptions<P, 'get'> = {}): Observable<Blob> {
    return this.http.get(url(path, options.path), { ...this.opts(options), responseType: 'blob' }).pipe(
      catchError((e: unknown) => {
        if (!(e instanceof HttpErrorResponse) || !(e.error instanceof Blob)) return throwError(() => e);
        return from(e.error.text()).pipe(switchMap((text) => {
          let body: unknown = text;
          try { body = JSON.parse(text); } catch { /* not JSON: keep the text */ }
          return throwError(() => new HttpErrorResponse({
            error: body, headers: e.headers, status: e.status, statusText: e.statusText, url: e.url ?? undefined }));
        }));
      }));
  }

  /** A multipart/form-data POST (the invoice upload: the contract declares it as JSON, docs/api.md). */
  postForm<P extends PathsWith<'post'>>(path: P, form: FormData, options: CallOptions<P, 'post'> = {}): Observable<void> {
    return this.http.post<void>(url(path, options.path), form, this.opts(options));
  }

  private opts(options: { query?: unknown; context?: HttpContext; headers?: Record<string, string> }) {
    return { params: query(options.query), context: options.context, headers: options.headers };
  }
}
