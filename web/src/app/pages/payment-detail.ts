// One payment: its state, amounts, items, refunds and every state change, with what may be done next —
// confirm (its payer or a manager), cancel and refund (ADMIN; a refund of part of the amount or all that is
// left). The server decides; a refused action shows its reason.
import { Component, OnInit, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { Observable } from 'rxjs';
import { Api, Payment } from '../api/api';
import { ShownError, apiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { FieldError } from '../core/field-error';
import { parseMoney } from '../core/money';
import { PaymentBadge, moneyIn } from './payment-parts';

interface Item {
  id?: string;
  amount: number;
  ivaRate?: number;
  budgetSubtypeId?: string | null;
  budgetTypeId?: string | null;
  supplierId: string;
}

@Component({
  selector: 'bh-payment-detail',
  imports: [FormsModule, RouterLink, PaymentBadge, FieldError],
  template: `
    <p><a routerLink="/payments">← Payments</a></p>
    @if (notice()) {<div class="alert alert-success" role="status" data-testid="notice">{{ notice() }}</div>}
    @if (error(); as e) {<div class="alert alert-danger" role="alert" data-testid="action-error">{{ e.message }}</div>}
    @if (payment(); as p) {
      <div class="d-flex align-items-center mb-3">
        <h1 class="h3 me-3 mb-0">{{ p.description }}</h1>
        <bh-payment-badge [status]="p.status" />
      </div>
      <dl class="row">
        <dt class="col-sm-3">Amount</dt><dd class="col-sm-9" data-testid="amount">{{ money(p.amount, p.currency) }}</dd>
        <dt class="col-sm-3">Refunded</dt><dd class="col-sm-9" data-testid="refunded">{{ money(p.refundedAmount, p.currency) }}</dd>
        <dt class="col-sm-3">Budget</dt>
        <dd class="col-sm-9">{{ p.reserved ? (p.status === 'SUCCEEDED' || p.status === 'PARTIALLY_REFUNDED' ? 'Spent on the budget' : 'Reserved on the budget') : 'Not reserved' }}</dd>
        <dt class="col-sm-3">Made</dt><dd class="col-sm-9">{{ p.createdAt.replace('T', ' ').slice(0, 19) }} by {{ p.email }}</dd>
        @if (p.paymentIntentId) {<dt class="col-sm-3">Stripe payment</dt><dd class="col-sm-9"><code>{{ p.paymentIntentId }}</code></dd>}
        @if (p.receiptUrl) {<dt class="col-sm-3">Receipt</dt><dd class="col-sm-9"><a [href]="p.receiptUrl" target="_blank" rel="noopener">Stripe receipt</a></dd>}
        @if (p.lastError) {<dt class="col-sm-3">Last problem</dt><dd class="col-sm-9 text-danger" data-testid="last-error">{{ p.lastError }}</dd>}
      </dl>

      <div class="d-flex flex-wrap gap-2 mb-4" role="group" aria-label="Actions">
        @if (open(p)) {
          <button type="button" class="btn btn-primary" (click)="confirm(p)" [disabled]="busy()">Confirm payment</button>
          @if (auth.isAdmin()) {
            <button type="button" class="btn btn-outline-danger" (click)="cancelling.set(true)" [disabled]="busy()">Cancel payment</button>
          }
        }
        @if (p.sessionUrl && open(p)) {<a class="btn btn-outline-primary" [href]="p.sessionUrl">Open Stripe Checkout</a>}
      </div>
      @if (cancelling()) {
        <div class="alert alert-warning d-flex align-items-center" role="alertdialog" aria-labelledby="cancel-text">
          <span id="cancel-text" class="me-auto">Cancel this payment? Nothing is charged, and its reservation returns to the budget.</span>
          <button type="button" class="btn btn-danger btn-sm me-2" (click)="cancel(p)" data-testid="confirm-cancel">Cancel payment</button>
          <button type="button" class="btn btn-secondary btn-sm" (click)="cancelling.set(false)">Keep it</button>
        </div>
      }
      @if (auth.isAdmin() && refundable(p)) {
        <form class="row g-2 align-items-end mb-4" (ngSubmit)="refund(p)" aria-label="Refund">
          <div class="col-sm-4">
            <label class="form-label" for="refund-amount">Refund amount</label>
            <input class="form-control" id="refund-amount" name="refundAmount" inputmode="decimal" [(ngModel)]="refundAmount"
              aria-describedby="refund-help refund-error" [class.is-invalid]="refundError()">
            <div id="refund-help" class="form-text">Empty: all that is left ({{ money(left(p), p.currency) }}).</div>
            <bh-field-error [message]="refundError()" id="refund-error" />
          </div>
          <div class="col-sm-3"><button class="btn btn-outline-primary" type="submit" [disabled]="busy()">Refund</button></div>
        </form>
      }

      <h2 class="h5">Items</h2>
      <table class="table table-sm">
        <caption class="visually-hidden">Items</caption>
        <thead><tr><th scope="col">Item</th><th scope="col">Budget</th><th scope="col">Supplier</th>
          <th scope="col" class="text-end">Before VAT</th><th scope="col" class="text-end">VAT %</th></tr></thead>
        <tbody>
          @for (i of items(p); track $index) {
            <tr><td>{{ i.id ?? '—' }}</td><td><code>{{ i.budgetSubtypeId ?? i.budgetTypeId }}</code></td>
              <td><code>{{ i.supplierId }}</code></td><td class="text-end">{{ money(i.amount, p.currency) }}</td>
              <td class="text-end">{{ i.ivaRate ?? 0 }}</td></tr>
          }
        </tbody>
      </table>

      @if (p.refunds?.length) {
        <h2 class="h5">Refunds</h2>
        <table class="table table-sm" data-testid="refunds">
          <caption class="visually-hidden">Refunds</caption>
          <thead><tr><th scope="col">When</th><th scope="col" class="text-end">Amount</th><th scope="col">Status</th></tr></thead>
          <tbody>
            @for (r of p.refunds; track r.id) {
              <tr><td>{{ r.createdAt.replace('T', ' ').slice(0, 19) }}</td><td class="text-end">{{ money(r.amount, p.currency) }}</td><td>{{ r.status }}</td></tr>
            }
          </tbody>
        </table>
      }

      <h2 class="h5">History</h2>
      <table class="table table-sm" data-testid="history">
        <caption class="visually-hidden">State changes</caption>
        <thead><tr><th scope="col">When</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Why</th></tr></thead>
        <tbody>
          @for (h of p.history ?? []; track h.sequence) {
            <tr><td>{{ h.at.replace('T', ' ').slice(0, 19) }}</td><td>{{ h.from ?? '—' }}</td><td>{{ h.to }}</td><td>{{ h.cause }}</td></tr>
          }
        </tbody>
      </table>
    } @else if (!error()) {
      <p class="text-muted" role="status">Loading…</p>
    }
  `,
})
export class PaymentDetailPage implements OnInit {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(Api);
  private readonly route = inject(ActivatedRoute);
  readonly id = input.required<string>();
  protected readonly payment = signal<Payment | null>(null);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly notice = signal('');
  protected readonly busy = signal(false);
  protected readonly cancelling = signal(false);
  protected readonly refundError = signal('');
  protected refundAmount = '';
  protected readonly money = moneyIn;

  ngOnInit(): void {
    if (this.route.snapshot.queryParamMap.get('created')) {
      this.notice.set('Payment created: the amount is reserved on the budget. Confirm it to charge the payment method.');
    }
    this.load();
  }

  load(): void {
    this.api.get('/api/v1/payment/{id}', { path: { id: this.id() } }).subscribe({
      next: (p) => this.payment.set(p),
      error: (e: unknown) => this.error.set(apiError(e)),
    });
  }

  protected open(p: Payment): boolean {
    return p.status === 'CREATED' || p.status === 'REQUIRES_ACTION';
  }

  protected refundable(p: Payment): boolean {
    return p.status === 'SUCCEEDED' || p.status === 'PARTIALLY_REFUNDED';
  }

  protected left(p: Payment): number {
    return Math.round(((p.amount ?? 0) - p.refundedAmount) * 100) / 100;
  }

  protected items(p: Payment): Item[] {
    return (p.items ?? []) as unknown as Item[];
  }

  confirm(p: Payment): void {
    this.act('Payment confirmed.',
      this.api.post('/api/v1/payment/confirm', { paymentIntentId: p.paymentIntentId!, receiptEmail: null }));
  }

  cancel(p: Payment): void {
    this.cancelling.set(false);
    this.act('Payment canceled: its reservation went back to the budget.',
      this.api.post('/api/v1/payment/cancel', { paymentIntentId: p.paymentIntentId!, receiptEmail: null }));
  }

  refund(p: Payment): void {
    const text = this.refundAmount.trim();
    const amount = text ? parseMoney(text) : null;
    if (text && (amount === null || amount <= 0)) {
      this.refundError.set('Enter an amount above 0 with at most two decimals, or leave it empty for all that is left.');
      return;
    }
    this.refundError.set('');
    const body = { paymentIntentId: p.paymentIntentId!, ...(amount !== null ? { amount } : {}) };
    this.act(`Refund of ${moneyIn(amount ?? this.left(p), p.currency)} made.`, this.api.post('/api/v1/payment/refund', body));
    this.refundAmount = '';
  }

  private act(done: string, request: Observable<unknown>): void {
    this.busy.set(true);
    this.error.set(null);
    this.notice.set('');
    request.subscribe({
      next: () => {
        this.busy.set(false);
        this.notice.set(done);
        this.load();
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.error.set(apiError(e));
        this.load();
      },
    });
  }
}
