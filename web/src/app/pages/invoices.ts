// Invoices: a paged list sorted by a column the user picks, each with its movement and its receipt file;
// download the receipt, edit, and (ADMIN) delete after confirmation.
import { Component, OnInit, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Api, Invoice, Page } from '../api/api';
import { ShownError, apiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { formatSize, saveBlob } from '../core/download';
import { Pager, SortHeader, Sorting } from './list-parts';

/** The name a receipt is saved under: the stored key's last part ("invoice-….pdf"). */
export function receiptFileName(invoice: Invoice): string {
  const key = invoice.fileKey ?? '';
  return key.slice(key.lastIndexOf('/') + 1) || `invoice-${invoice.id}`;
}

@Component({
  selector: 'bh-invoices',
  imports: [RouterLink, Pager, SortHeader],
  template: `
    <div class="d-flex align-items-center mb-3">
      <h1 class="h3 me-auto mb-0">Invoices</h1>
      <a class="btn btn-primary" routerLink="/invoices/new">New invoice</a>
    </div>
    @if (notice()) {<div class="alert alert-success" role="status">{{ notice() }}</div>}
    @if (error(); as e) {<div class="alert alert-danger" role="alert" data-testid="list-error">{{ e.message }}</div>}
    @if (confirming(); as t) {
      <div class="alert alert-warning d-flex align-items-center" role="alertdialog" aria-labelledby="confirm-text">
        <span id="confirm-text" class="me-auto">Delete the invoice “{{ t.description }}” and its receipt? This cannot be undone.</span>
        <button type="button" class="btn btn-danger btn-sm me-2" (click)="remove(t)" data-testid="confirm-delete">Delete</button>
        <button type="button" class="btn btn-secondary btn-sm" (click)="confirming.set(null)">Cancel</button>
      </div>
    }
    @if (page(); as p) {
      <table class="table table-hover align-middle">
        <caption class="visually-hidden">Invoices</caption>
        <thead><tr>
          <th scope="col" bhSort="dateOfEmission" [sorting]="sorting()" (sortBy)="sortBy($event)">Date</th>
          <th scope="col" bhSort="description" [sorting]="sorting()" (sortBy)="sortBy($event)">Description</th>
          <th scope="col">Movement</th><th scope="col">Receipt</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr></thead>
        <tbody>
          @for (t of p.content; track t.id) {
            <tr>
              <td class="text-nowrap">{{ t.dateOfEmission }}</td><td>{{ t.description }}</td>
              <td>{{ t.movement?.documentNumber ?? '—' }}</td>
              <td>
                @if (t.fileKey) {
                  <button type="button" class="btn btn-link p-0" (click)="download(t)"
                    [attr.aria-label]="kind(t) + ', ' + size(t.fileSize) + ': download the receipt of ' + t.description">{{ kind(t) }}, {{ size(t.fileSize) }}</button>
                } @else if (t.stripeReceiptUrl) {
                  <a [href]="t.stripeReceiptUrl" target="_blank" rel="noopener noreferrer">Stripe receipt</a>
                } @else {
                  <span class="text-muted">none</span>
                }
              </td>
              <td class="text-end text-nowrap">
                <a class="btn btn-outline-primary btn-sm" [routerLink]="['/invoices', t.id]" [attr.aria-label]="'Edit ' + t.description">Edit</a>
                @if (auth.isAdmin()) {
                  <button type="button" class="btn btn-outline-danger btn-sm ms-1" (click)="confirming.set(t)"
                    [attr.aria-label]="'Delete ' + t.description">Delete</button>
                }
              </td>
            </tr>
          } @empty {
            <tr><td colspan="5" class="text-muted">No invoices yet.</td></tr>
          }
        </tbody>
      </table>
      <bh-pager [page]="p" [current]="pageNumber()" (go)="load($event)" />
    } @else if (!error()) {
      <p class="text-muted" role="status">Loading…</p>
    }
  `,
})
export class InvoicesPage implements OnInit {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(Api);
  protected readonly page = signal<Page<Invoice> | null>(null);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly notice = signal('');
  protected readonly confirming = signal<Invoice | null>(null);
  protected readonly sorting = signal<Sorting>({ field: 'dateOfEmission', direction: 'desc' });
  protected readonly pageNumber = signal(0);
  protected readonly size = formatSize;

  ngOnInit(): void {
    this.load(0);
  }

  protected kind(t: Invoice): string {
    return { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG' }[t.fileContentType ?? ''] ?? 'File';
  }

  sortBy(sorting: Sorting): void {
    this.sorting.set(sorting);
    this.load(0);
  }

  load(pageNumber: number): void {
    const s = this.sorting();
    this.api
      .get<'/api/v1/invoice/all', Page<Invoice>>('/api/v1/invoice/all',
        { query: { page: pageNumber, size: 10, sort: `${s.field},${s.direction}` } })
      .subscribe({
        next: (p) => {
          this.error.set(null);
          this.pageNumber.set(pageNumber);
          this.page.set(p);
        },
        error: (e: unknown) => this.error.set(apiError(e)),
      });
  }

  download(t: Invoice): void {
    this.api.download('/api/v1/invoice/{id}/file', { path: { id: t.id } }).subscribe({
      next: (blob) => saveBlob(blob, receiptFileName(t)),
      error: (e: unknown) => this.error.set(apiError(e)),
    });
  }

  remove(t: Invoice): void {
    this.confirming.set(null);
    this.api.delete('/api/v1/invoice/{id}', { path: { id: t.id } }).subscribe({
      next: () => {
        this.notice.set(`Invoice “${t.description}” deleted.`);
        const p = this.page();
        this.load(p && p.content.length === 1 && this.pageNumber() > 0 ? this.pageNumber() - 1 : this.pageNumber());
      },
      error: (e: unknown) => this.error.set(apiError(e)),
    });
  }
}
