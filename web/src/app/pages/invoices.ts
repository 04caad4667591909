// Invoices: a paged list sorted by a column the user picks, each with its movement and its receipt file;
// download the receipt, edit, and (ADMIN) delete after confirmation.
import { Component, OnInit, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Api, Invoice, Page } from '../api/api';
import { formatSize, saveBlob } from '../core/download';
import { ListAlerts, PagedList, Pager, RowActions, SortHeader } from './list-parts';

/** The name a receipt is saved under: the stored key's last part ("invoice-….pdf"). */
export function receiptFileName(invoice: Invoice): string {
  const key = invoice.fileKey ?? '';
  return key.slice(key.lastIndexOf('/') + 1) || `invoice-${invoice.id}`;
}

@Component({
  selector: 'bh-invoices',
  imports: [RouterLink, Pager, SortHeader, ListAlerts, RowActions],
  template: `
    <div class="d-flex align-items-center mb-3">
      <h1 class="h3 me-auto mb-0">Invoices</h1>
      <a class="btn btn-primary" routerLink="/invoices/new">New invoice</a>
    </div>
    <bh-list-alerts [list]="list" />
    @if (list.page(); as p) {
      <table class="table table-hover align-middle">
        <caption class="visually-hidden">Invoices</caption>
        <thead><tr>
          <th scope="col" bhSort="dateOfEmission" [list]="list">Date</th>
          <th scope="col" bhSort="description" [list]="list">Description</th>
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
                <bh-row-actions [list]="list" [row]="t" [edit]="['/invoices', t.id]" [label]="t.description" />
              </td>
            </tr>
          } @empty {
            <tr><td colspan="5" class="text-muted">No invoices yet.</td></tr>
          }
        </tbody>
      </table>
      <bh-pager [list]="list" />
    }
  `,
})
export class InvoicesPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly size = formatSize;
  protected readonly list = new PagedList<Invoice>(
    (q) => this.api.get<'/api/v1/invoice/all', Page<Invoice>>('/api/v1/invoice/all', { query: q }),
    { field: 'dateOfEmission', direction: 'desc' },
    {
      remove: {
        question: (t) => `Delete the invoice “${t.description}” and its receipt? This cannot be undone.`,
        request: (t) => this.api.delete('/api/v1/invoice/{id}', { path: { id: t.id } }),
        done: (t) => `Invoice “${t.description}” deleted.`,
      },
    });

  ngOnInit(): void {
    this.list.load(0);
  }

  protected kind(t: Invoice): string {
    return { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG' }[t.fileContentType ?? ''] ?? 'File';
  }

  download(t: Invoice): void {
    this.api.download('/api/v1/invoice/{id}/file', { path: { id: t.id } }).subscribe({
      next: (blob) => saveBlob(blob, receiptFileName(t)),
      error: (e: unknown) => this.list.fail(e),
    });
  }
}
