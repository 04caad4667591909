// Payments: the caller's payments (a MANAGER or ADMIN sees everyone's), newest first, filtered by status
// and by the day they were made; each opens its detail page.
import { Component, OnInit, inject } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Api, Page, Payment, PaymentStatus } from '../api/api';
import { ListAlerts, PagedList, Pager } from './list-parts';
import { PAYMENT_STATUSES, PaymentBadge, paymentAmount } from './payment-parts';


@Component({
  selector: 'bh-payments',
  imports: [FormsModule, RouterLink, Pager, PaymentBadge, ListAlerts],
  template: `
    <div class="d-flex align-items-center mb-3">
      <h1 class="h3 me-auto mb-0">Payments</h1>
      <a class="btn btn-primary" routerLink="/payments/new">New payment</a>
    </div>
    <form class="row g-2 align-items-end mb-3" (ngSubmit)="list.load(0)" aria-label="Filter payments">
      <div class="col-sm-3">
        <label class="form-label" for="status">Status</label>
        <select class="form-select" id="status" name="status" [(ngModel)]="status">
          <option value="">Any</option>
          @for (s of statuses; track s) {<option [value]="s">{{ s }}</option>}
        </select>
      </div>
      <div class="col-sm-3">
        <label class="form-label" for="from">From</label>
        <input class="form-control" type="date" id="from" name="from" [(ngModel)]="from">
      </div>
      <div class="col-sm-3">
        <label class="form-label" for="to">To</label>
        <input class="form-control" type="date" id="to" name="to" [(ngModel)]="to">
      </div>
      <div class="col-sm-3"><button class="btn btn-outline-primary" type="submit">Filter</button></div>
    </form>
    <bh-list-alerts [list]="list" />
    @if (list.page(); as p) {
      <table class="table table-hover align-middle">
        <caption class="visually-hidden">Payments</caption>
        <thead><tr>
          <th scope="col">Made</th><th scope="col">Description</th><th scope="col" class="text-end">Amount</th>
          <th scope="col">Status</th><th scope="col"><span class="visually-hidden">Open</span></th>
        </tr></thead>
        <tbody>
          @for (t of p.content; track t.id) {
            <tr>
              <td class="text-nowrap">{{ t.createdAt.slice(0, 10) }}</td><td>{{ t.description }}</td>
              <td class="text-end text-nowrap">{{ amount(t) }}</td>
              <td><bh-payment-badge [status]="t.status" /></td>
              <td class="text-end"><a class="btn btn-outline-primary btn-sm" [routerLink]="['/payments', t.id]"
                [attr.aria-label]="'Open payment ' + t.description">Open</a></td>
            </tr>
          } @empty {
            <tr><td colspan="5" class="text-muted">No payments{{ status || from || to ? ' match these filters' : ' yet' }}.</td></tr>
          }
        </tbody>
      </table>
      <bh-pager [list]="list" />
    }
  `,
})
export class PaymentsPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly statuses = PAYMENT_STATUSES;
  protected readonly amount = paymentAmount;
  protected status: PaymentStatus | '' = '';
  protected from = '';
  protected to = '';
  // Newest first, always (the list has no sortable columns).
  protected readonly list = new PagedList<Payment>(
    (q) => this.api.get<'/api/v1/payment/all', Page<Payment>>('/api/v1/payment/all', {
      query: {
        ...q,
        sort: [q.sort],
        ...(this.status ? { status: this.status } : {}),
        ...(this.from ? { from: this.from } : {}),
        ...(this.to ? { to: this.to } : {}),
      },
    }),
    { field: 'createdAt', direction: 'desc' });

  ngOnInit(): void {
    this.list.load(0);
  }
}
