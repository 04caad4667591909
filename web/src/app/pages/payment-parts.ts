// Parts shared by the payment pages: the statuses a payment goes through, a badge that names one, and an
// amount shown with the payment's own currency.
import { Component, computed, input } from '@angular/core';
import { Payment, PaymentStatus } from '../api/api';
import { LOCALE } from '../core/money';

export const PAYMENT_STATUSES: PaymentStatus[] = [
  'CREATED', 'REQUIRES_ACTION', 'PROCESSING', 'SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CANCELED', 'FAILED',
];

/** What a person reads for each status. */
export const STATUS_TEXT: Record<PaymentStatus, string> = {
  CREATED: 'Awaiting confirmation',
  REQUIRES_ACTION: 'Needs the payer’s action',
  PROCESSING: 'Processing',
  SUCCEEDED: 'Paid',
  PARTIALLY_REFUNDED: 'Partly refunded',
  REFUNDED: 'Refunded',
  CANCELED: 'Canceled',
  FAILED: 'Failed',
};

const BADGE: Record<PaymentStatus, string> = {
  CREATED: 'bg-secondary', REQUIRES_ACTION: 'bg-warning text-dark', PROCESSING: 'bg-info text-dark',
  SUCCEEDED: 'bg-success', PARTIALLY_REFUNDED: 'bg-primary', REFUNDED: 'bg-dark', CANCELED: 'bg-light text-dark border',
  FAILED: 'bg-danger',
};

@Component({
  selector: 'bh-payment-badge',
  template: `<span class="badge" [class]="'badge ' + css()" data-testid="payment-status" [attr.data-status]="status()">{{ text() }}</span>`,
})
export class PaymentBadge {
  readonly status = input.required<PaymentStatus>();
  protected readonly text = computed(() => STATUS_TEXT[this.status()] ?? this.status());
  protected readonly css = computed(() => BADGE[this.status()] ?? 'bg-secondary');
}

/** An amount in the payment's currency, in the app's locale ("12,30 €"); a dash when unknown. */
export function moneyIn(amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '—';
  return new Intl.NumberFormat(LOCALE, { style: 'currency', currency: currency.toUpperCase() }).format(amount);
}

export function paymentAmount(p: Payment): string {
  return moneyIn(p.amount, p.currency);
}
