// Create or edit an invoice, and attach its receipt: dropped on the page or picked, PDF, PNG or JPEG (the
// server checks the bytes, not the name), uploaded as multipart/form-data after the invoice is saved. An
// existing receipt can be previewed (image or PDF, from the bytes fetched with the user's token) and
// downloaded. A stale version (409 OPTIMISTIC_LOCKING_FAILURE) offers a reload.
import { Component, OnDestroy, OnInit, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { DomSanitizer, SafeResourceUrl } from '@angular/platform-browser';
import { Router, RouterLink } from '@angular/router';
import { Observable, of, switchMap, tap } from 'rxjs';
import { Api, BodyOf, Invoice, Page } from '../api/api';
import { ShownError, apiError } from '../core/api-error';
import { formatSize, saveBlob } from '../core/download';
import { FieldError } from '../core/field-error';
import { receiptFileName } from './invoices';
import { Movement } from './movements';

const RECEIPT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

/** Why a chosen file cannot be a receipt, or '' when it may be one (the server has the last word). */
export function receiptProblem(file: { name: string; type: string; size: number }): string {
  const byName = /\.(pdf|png|jpe?g)$/i.test(file.name);
  if (!RECEIPT_TYPES.includes(file.type) && !byName) return `“${file.name}” is not a PDF, PNG or JPEG file.`;
  if (file.size === 0) return `“${file.name}” is empty.`;
  return '';
}

@Component({
  selector: 'bh-invoice-form',
  imports: [FormsModule, RouterLink, FieldError],
  styles: `.drop-zone { border: 2px dashed var(--bs-border-color); border-radius: .5rem; }
    .drop-zone.dragging { border-color: var(--bs-primary); background: var(--bs-primary-bg-subtle); }
    .preview { width: 100%; height: 32rem; border: 1px solid var(--bs-border-color); }`,
  template: `
    <h1 class="h3 mb-3">{{ id() ? 'Edit invoice' : 'New invoice' }}</h1>
    @if (conflict()) {
      <div class="alert alert-warning d-flex align-items-center" role="alert" data-testid="conflict">
        <span class="me-auto">Someone else changed this invoice after you opened it. Reload it to see their
          changes, then make yours again.</span>
        <button type="button" class="btn btn-warning btn-sm" (click)="reload()">Reload</button>
      </div>
    } @else if (error(); as e) {
      <div class="alert alert-danger" role="alert" data-testid="form-error">{{ e.message }}</div>
    }
    @if (loaded()) {
      <form (ngSubmit)="save()" novalidate class="col-lg-8">
        <div class="row g-3 mb-3">
          <div class="col-md-4">
            <label class="form-label" for="dateOfEmission">Date</label>
            <input class="form-control" type="date" id="dateOfEmission" name="dateOfEmission" [(ngModel)]="date"
              [class.is-invalid]="error()?.fields?.['dateOfEmission']" aria-describedby="date-error">
            <bh-field-error [message]="error()?.fields?.['dateOfEmission']" id="date-error" />
          </div>
          <div class="col-md-8">
            <label class="form-label" for="description">Description</label>
            <input class="form-control" id="description" name="description" maxlength="255" [(ngModel)]="description"
              [class.is-invalid]="error()?.fields?.['description']" aria-describedby="description-error">
            <bh-field-error [message]="error()?.fields?.['description']" id="description-error" />
          </div>
        </div>
        <div class="mb-3">
          <label class="form-label" for="movementId">Movement (optional)</label>
          <select class="form-select" id="movementId" name="movementId" [(ngModel)]="movementId"
            [class.is-invalid]="error()?.fields?.['movementId']" aria-describedby="movement-error">
            <option value="">No movement</option>
            @for (m of movements(); track m.id) {
              <option [value]="m.id">{{ m.dateOfEmission }} · {{ m.documentNumber }} · {{ m.description }}</option>
            }
          </select>
          <bh-field-error [message]="error()?.fields?.['movementId']" id="movement-error" />
        </div>
        <fieldset class="mb-3">
          <legend class="form-label fs-6">Receipt (PDF, PNG or JPEG)</legend>
          <div class="drop-zone p-3 text-center" [class.dragging]="dragging()" data-testid="drop-zone"
            (dragover)="$event.preventDefault(); dragging.set(true)" (dragleave)="dragging.set(false)" (drop)="dropped($event)">
            <p class="mb-2">Drop the file here, or</p>
            <label class="btn btn-outline-primary btn-sm mb-0" for="file">Choose a file</label>
            <input class="visually-hidden-focusable" type="file" id="file" name="file"
              accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" (change)="picked($event)"
              aria-describedby="file-error file-chosen">
            <p class="mt-2 mb-0" id="file-chosen" role="status">
              @if (file(); as f) { {{ f.name }} ({{ size(f.size) }}) will be attached when you save. }
              @else if (current()?.fileKey) { Attached: {{ current()!.fileContentType }}, {{ size(current()!.fileSize) }}. A new file replaces it. }
            </p>
          </div>
          <bh-field-error [message]="fileError() || error()?.fields?.['file']" id="file-error" />
          @if (current()?.fileKey) {
            <div class="mt-2">
              <button type="button" class="btn btn-outline-secondary btn-sm me-2" (click)="preview()">Preview</button>
              <button type="button" class="btn btn-outline-secondary btn-sm" (click)="download()">Download</button>
            </div>
          }
        </fieldset>
        <button class="btn btn-primary" type="submit" [disabled]="busy()">Save</button>
        <a class="btn btn-link" routerLink="/invoices">Cancel</a>
      </form>
      @if (previewUrl(); as url) {
        <section class="mt-4 col-lg-8" aria-label="Receipt preview">
          @if (previewIsImage()) {
            <img class="img-fluid border" [src]="url" alt="The receipt attached to this invoice">
          } @else {
            <iframe class="preview" [src]="url" title="The receipt attached to this invoice"></iframe>
          }
        </section>
      }
    } @else if (!error()) {
      <p class="text-muted" role="status">Loading…</p>
    }
  `,
})
export class InvoiceFormPage implements OnInit, OnDestroy {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly sanitizer = inject(DomSanitizer);
  /** The invoice edited (route invoices/:id); absent for a new one. */
  readonly id = input<string>();
  protected readonly current = signal<Invoice | null>(null);
  protected readonly movements = signal<Movement[]>([]);
  protected readonly loaded = signal(false);
  protected readonly busy = signal(false);
  protected readonly conflict = signal(false);
  protected readonly dragging = signal(false);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly file = signal<File | null>(null);
  protected readonly fileError = signal('');
  protected readonly previewUrl = signal<SafeResourceUrl | null>(null);
  protected readonly previewIsImage = signal(false);
  protected readonly size = formatSize;
  protected date = new Date().toISOString().slice(0, 10);
  protected description = '';
  protected movementId = '';
  private objectUrl = '';
  private fetched?: { key: string; blob: Blob };

  ngOnInit(): void {
    this.api.get<'/api/v1/movement/all', Page<Movement>>('/api/v1/movement/all',
      { query: { size: 100, sort: 'dateOfEmission,desc' } })
      .subscribe({ next: (p) => this.movements.set(p.content), error: (e: unknown) => this.error.set(apiError(e)) });
    if (this.id()) this.reload();
    else this.loaded.set(true);
  }

  ngOnDestroy(): void {
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
  }

  reload(): void {
    this.api.get<'/api/v1/invoice/{id}', Invoice>('/api/v1/invoice/{id}', { path: { id: this.id()! } }).subscribe({
      next: (invoice) => {
        this.current.set(invoice);
        this.date = invoice.dateOfEmission;
        this.description = invoice.description;
        this.movementId = invoice.movementId ?? '';
        // The linked movement may be older than the newest 100: keep it choosable.
        const linked = invoice.movement;
        if (linked && !this.movements().some((m) => m.id === linked.id)) this.movements.update((l) => [linked as Movement, ...l]);
        this.conflict.set(false);
        this.error.set(null);
        this.loaded.set(true);
      },
      error: (e: unknown) => this.error.set(apiError(e)),
    });
  }

  dropped(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    const file = event.dataTransfer?.files?.[0];
    if (file) this.choose(file);
  }

  picked(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) this.choose(file);
  }

  private choose(file: File): void {
    const problem = receiptProblem(file);
    this.fileError.set(problem);
    this.file.set(problem ? null : file);
  }

  preview(): void {
    const invoice = this.current();
    if (!invoice) return;
    this.receipt(invoice).subscribe({
      next: (blob) => {
        if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
        const typed = new Blob([blob], { type: invoice.fileContentType ?? blob.type });
        this.objectUrl = URL.createObjectURL(typed);
        this.previewIsImage.set((invoice.fileContentType ?? '').startsWith('image/'));
        // A blob: URL this page made from bytes the server checked (PDF, PNG or JPEG).
        this.previewUrl.set(this.sanitizer.bypassSecurityTrustResourceUrl(this.objectUrl));
      },
      error: (e: unknown) => this.error.set(apiError(e)),
    });
  }

  download(): void {
    const invoice = this.current();
    if (!invoice) return;
    this.receipt(invoice).subscribe({
      next: (blob) => saveBlob(blob, receiptFileName(invoice)),
      error: (e: unknown) => this.error.set(apiError(e)),
    });
  }

  /** The attached file's bytes, fetched once per page however often it is previewed or downloaded. */
  private receipt(invoice: Invoice): Observable<Blob> {
    const fetched = this.fetched;
    if (fetched && fetched.key === invoice.fileKey) return of(fetched.blob);
    return this.api.download('/api/v1/invoice/{id}/file', { path: { id: invoice.id } })
      .pipe(tap((blob) => (this.fetched = { key: invoice.fileKey ?? '', blob })));
  }

  save(): void {
    if (this.fileError()) return;
    const fields = {
      dateOfEmission: this.date, description: this.description.trim(),
      movementId: this.movementId || null,
    };
    this.busy.set(true);
    this.error.set(null);
    const current = this.current();
    const saved: Observable<Invoice> = current
      ? this.api.put<'/api/v1/invoice/update', Invoice>('/api/v1/invoice/update',
        { ...current, ...fields, id: current.id, version: current.version })
      // The contract marks id, version and correlationId required; on create the server assigns them (docs/api.md).
      : this.api.post<'/api/v1/invoice/create', Invoice>('/api/v1/invoice/create',
        fields as unknown as BodyOf<'/api/v1/invoice/create', 'post'>);
    const file = this.file();
    saved.pipe(switchMap((invoice) => {
      if (!file) return of(undefined);
      this.current.set(invoice);  // saved: a failed upload retries against this version
      const form = new FormData();
      form.append('file', file, file.name);
      return this.api.postForm('/api/v1/invoice/attach-multipart-file/{invoiceId}', form, { path: { invoiceId: invoice.id } });
    })).subscribe({
      next: () => void this.router.navigateByUrl('/invoices'),
      error: (e: unknown) => {
        this.busy.set(false);
        const shown = apiError(e);
        this.conflict.set(shown.code === 'OPTIMISTIC_LOCKING_FAILURE');
        this.error.set(shown);
      },
    });
  }
}
